package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestCompletionBash sources the bash completion script in a real bash
// and completes command lines: option names, the values of options that
// take one, and files for the script and its arguments.
func TestCompletionBash(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	for _, f := range []string{"job.rexx", "other.txt"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(dir, "rexxlxd.bash")
	if err := os.WriteFile(script, []byte(bashCompletion()), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		words []string
		want  string
	}{
		{[]string{"--lx"}, "--lxd-socket"},
		{[]string{"--ve"}, "--version"},
		{[]string{"--completion", ""}, "bash zsh"},
		{[]string{"--completion", "z"}, "zsh"},
		{[]string{"jo"}, "job.rexx"},
		{[]string{"--lxd-socket", "ot"}, "other.txt"},
		{[]string{"-e", "say 1", "--ch"}, "--check"}, // options go on after -e PROGRAM
		{[]string{"job.rexx", "--ch"}, ""},           // the script's own arguments: files only
		{[]string{"job.rexx", "ot"}, "other.txt"},
		{[]string{"-e", "--l"}, ""}, // a program, free text
	}
	for _, tt := range tests {
		var quoted []string
		for _, w := range append([]string{"rexxlxd"}, tt.words...) {
			quoted = append(quoted, "'"+w+"'")
		}
		prog := `source ` + script + `; COMP_WORDS=(` + strings.Join(quoted, " ") + `); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _rexxlxd; echo "${COMPREPLY[*]}"`
		cmd := exec.Command("bash", "--norc", "-c", prog)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tt.words, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != tt.want {
			t.Errorf("completing %q: %q, want %q", tt.words, got, tt.want)
		}
	}
}

// TestCompletionZsh checks the zsh script's syntax and that, sourced
// after compinit, it registers its function for rexxlxd.
func TestCompletionZsh(t *testing.T) {
	if _, err := exec.LookPath("zsh"); err != nil {
		t.Skip("no zsh")
	}
	script := filepath.Join(t.TempDir(), "_rexxlxd")
	if err := os.WriteFile(script, []byte(zshCompletion()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("zsh", "-n", script).CombinedOutput()
	if err != nil {
		t.Fatalf("zsh -n: %v\n%s", err, out)
	}
	out, err = exec.Command("zsh", "-f", "-c", "autoload -U compinit; compinit -u -D; source "+script+"; print -r -- $_comps[rexxlxd]").CombinedOutput()
	if got := strings.TrimSpace(string(out)); err != nil || got != "_rexxlxd" {
		t.Errorf("after sourcing, rexxlxd completes with %q (%v), want _rexxlxd", got, err)
	}

	// Tab in an interactive zsh on a terminal completes an option, an
	// option's value and a file.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "job.rexx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("zsh", "-f", "-i")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TERM=dumb", "HOME="+dir)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { tty.Close(); cmd.Process.Kill(); cmd.Wait() }()
	var mu sync.Mutex
	var screen strings.Builder
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	seen := 0
	expect := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			rest := screen.String()[seen:]
			mu.Unlock()
			if i := strings.Index(rest, want); i >= 0 {
				seen += i + len(want)
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("zsh shows no %q; it shows:\n%q", want, rest)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	tty.WriteString("PS1=READY; autoload -U compinit; compinit -u -D; source " + script + "\r")
	expect("READY")
	for _, tc := range []struct{ typed, want string }{
		{"rexxlxd --lx\t", "rexxlxd --lxd-socket"},
		{"rexxlxd --completion \t", "bash  zsh"},
		{"rexxlxd jo\t", "rexxlxd job.rexx"},
	} {
		tty.WriteString("\x15" + tc.typed) // Ctrl-U: a fresh line
		expect(tc.want)
	}
}

// TestEveryOptionDocumented: every spelling of every option the parser
// takes is in the help, the man page and both completion scripts.
func TestEveryOptionDocumented(t *testing.T) {
	docs := map[string]string{"help": usage(), "man page": manPage(), "bash": bashCompletion(), "zsh": zshCompletion()}
	for _, o := range options {
		for _, n := range o.names {
			if lookupOption(n) == nil {
				t.Errorf("%s is in the table but not parsed", n)
			}
			for what, text := range docs {
				spelt := n
				if what == "man page" {
					spelt = manEscape(n)
				}
				if !strings.Contains(text, spelt) {
					t.Errorf("%s lacks %s", what, n)
				}
			}
		}
	}
}

// TestManPageCurrent: docs/rexxlxd.1 is what rexxlxd --man prints now,
// so the shipped page has every option the parser takes (make man
// rewrites it).
func TestManPageCurrent(t *testing.T) {
	b, err := os.ReadFile("../../docs/rexxlxd.1")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != manPage() {
		t.Errorf("docs/rexxlxd.1 is not what rexxlxd --man prints: run make man")
	}
}

// TestVersionText: --version shows the module's version and the commit
// the go command stamped, and says when it has none.
func TestVersionText(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/rexxlxd/rexxlxd", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-12-07T05:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	got := versionText(info, true)
	for _, w := range []string{"REXX-rexxlxd", "github.com/rexxlxd/rexxlxd v1.2.3\n", "commit abc123 (2026-12-07T05:00:00Z, modified)\n", "go1.26.8 "} {
		if !strings.Contains(got, w) {
			t.Errorf("version text %q lacks %q", got, w)
		}
	}
	info.Settings, info.Main.Version = nil, ""
	if got := versionText(info, true); !strings.Contains(got, "(devel)") || !strings.Contains(got, "commit unknown") {
		t.Errorf("without a module version or commit: %q", got)
	}
}

// TestMakeBuildVersion builds the binary as `make build` does and checks
// that --version names the commit checked out now (go's own stamp in a
// git checkout, make's in a git worktree). It skips with -short, or
// without make and git.
func TestMakeBuildVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	for _, tool := range []string{"make", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip("no " + tool)
		}
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skip("not in a git checkout")
	}
	bin := filepath.Join(t.TempDir(), "rexxlxd")
	if out, err := exec.Command("make", "-C", "../..", "build", "BIN="+bin).CombinedOutput(); err != nil {
		t.Fatalf("make build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "commit " + strings.TrimSpace(string(head)); !strings.Contains(string(out), want) {
		t.Errorf("--version says\n%s\nwant %q", out, want)
	}
}
