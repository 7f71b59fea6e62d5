package lxd

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		word string
		args []arg
	}{
		{"status", "status", nil},
		{"  LIST  ", "LIST", nil},
		{"create name=c1 image=rexxlxd-busybox", "create", []arg{{"name", "c1"}, {"image", "rexxlxd-busybox"}}},
		{"create NAME=c1 Image=ubuntu:22.04", "create", []arg{{"name", "c1"}, {"image", "ubuntu:22.04"}}},
		{"execute name=c1 command='apt update && apt install -y nodejs'", "execute",
			[]arg{{"name", "c1"}, {"command", "apt update && apt install -y nodejs"}}},
		{`exec name=c1 command="echo 'hi there'"`, "exec", []arg{{"name", "c1"}, {"command", "echo 'hi there'"}}},
		{`exec name=c1 command='it''s'`, "exec", []arg{{"name", "c1"}, {"command", "it's"}}},
		{`exec name=c1 command="say ""x"""`, "exec", []arg{{"name", "c1"}, {"command", `say "x"`}}},
		{"exec name=c1 command=''", "exec", []arg{{"name", "c1"}, {"command", ""}}},
		{"stop\tname=c1\nforce=true", "stop", []arg{{"name", "c1"}, {"force", "true"}}},
		{"exec name=c1 command='a=b c'", "exec", []arg{{"name", "c1"}, {"command", "a=b c"}}},
		{"create name=c1 image=x memory=2GB", "create", []arg{{"name", "c1"}, {"image", "x"}, {"memory", "2GB"}}},
		{"exec ENV.Path=x Env.a.B=y", "exec", []arg{{"env.Path", "x"}, {"env.a.B", "y"}}},
		// An unquoted command= value runs on through words that are no
		// keys of the command, quotes and all (RexxJS scripts write it so).
		{"execute name=c1 command=echo 'Hello from LXD!'", "execute",
			[]arg{{"name", "c1"}, {"command", "echo 'Hello from LXD!'"}}},
		{"exec name=c1 command=ls -la /tmp timeout=5", "exec",
			[]arg{{"name", "c1"}, {"command", "ls -la /tmp"}, {"timeout", "5"}}},
		{"exec command=ls  -la\t/tmp   TIMEOUT=5 name=c1", "exec",
			[]arg{{"command", "ls  -la\t/tmp"}, {"timeout", "5"}, {"name", "c1"}}},
		// remote= and project= are keys of every command: they end the
		// value instead of reaching the guest's shell as words.
		{"exec name=c1 command=uname -a remote=cluster project=p", "exec",
			[]arg{{"name", "c1"}, {"command", "uname -a"}, {"remote", "cluster"}, {"project", "p"}}},
		{"exec name=c1 command=env A=1 B=2 cwd=/tmp", "exec",
			[]arg{{"name", "c1"}, {"command", "env A=1 B=2"}, {"cwd", "/tmp"}}},
		{"exec name=c1 command=echo 'timeout=5 user=0' done", "exec",
			[]arg{{"name", "c1"}, {"command", "echo 'timeout=5 user=0' done"}}},
		{`exec name=c1 command=echo "a 'b" c`, "exec", []arg{{"name", "c1"}, {"command", `echo "a 'b" c`}}},
		{"exec name=c1 command=echo'hi'", "exec", []arg{{"name", "c1"}, {"command", "echo'hi'"}}},
		{"exec name=c1 command=sleep timeout", "exec", []arg{{"name", "c1"}, {"command", "sleep timeout"}}},
		{"exec name=c1 command=hostname", "exec", []arg{{"name", "c1"}, {"command", "hostname"}}},
		{"exec name=c1 command= timeout=5", "exec", []arg{{"name", "c1"}, {"command", ""}, {"timeout", "5"}}},
		// A key family's key (env.NAME=) ends it too; a shell assignment
		// (no dot allowed in its name) does not.
		{"exec name=c1 command=ls -la ENV.Lang=C env.B=2", "exec",
			[]arg{{"name", "c1"}, {"command", "ls -la"}, {"env.Lang", "C"}, {"env.B", "2"}}},
		// env.= with no name ends the value too, so that checkArgs refuses
		// it (issue 18 item 12) instead of the guest's shell running it.
		{"exec name=c1 command=env A=1 env.=x", "exec", []arg{{"name", "c1"}, {"command", "env A=1"}, {"env.", "x"}}},
		{"exec name=c1 command=cat env.txt a=b", "exec", []arg{{"name", "c1"}, {"command", "cat env.txt a=b"}}},
		// Other keys, and commands without command=, keep one word.
		{"create name=c1 image=x", "create", []arg{{"name", "c1"}, {"image", "x"}}},
	}
	for _, tt := range tests {
		pc, err := parseCommand(tt.in)
		if err != nil {
			t.Errorf("parseCommand(%q): %v", tt.in, err)
			continue
		}
		if pc.Word != tt.word || !reflect.DeepEqual(pc.Args, tt.args) {
			t.Errorf("parseCommand(%q) = %q %v, want %q %v", tt.in, pc.Word, pc.Args, tt.word, tt.args)
		}
	}
}

func TestParseCommandErrors(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		want string
	}{
		{"", 1, "empty command"},
		{"   ", 1, "empty command"},
		{"exec name=c1 command='echo hi", 22, "unclosed quote '"},
		{`exec name=c1 command="echo hi`, 22, `unclosed quote "`},
		{"exec name=c1 command='a''", 22, "unclosed quote"},
		{"create name", 8, `expected key=value, found "name"`},
		{"create =c1", 8, "missing key"},
		{"exec command='a'b", 17, "a blank must follow"},
		{"exec name=a'b'", 12, "quote inside the unquoted value"},
		{"exec name=c1 command=echo 'hi", 27, "unclosed quote ' in the value of command="},
		{"create name=c1 image=x y", 24, `expected key=value, found "y"`},
		{"exec command='a' b", 18, `expected key=value, found "b"`},
		{"exec name=c1 command= ls", 23, `expected key=value, found "ls"`},
		{"name=c1 create", 1, "expected a command name first"},
	}
	for _, tt := range tests {
		_, err := parseCommand(tt.in)
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("parseCommand(%q) error = %v, want a *SyntaxError", tt.in, err)
			continue
		}
		if se.Pos != tt.pos || !strings.Contains(se.Msg, tt.want) {
			t.Errorf("parseCommand(%q) = %d %q, want %d and %q", tt.in, se.Pos, se.Msg, tt.pos, tt.want)
		}
	}
}

func FuzzParseCommand(f *testing.F) {
	f.Add("execute name=c1 command='apt update && echo ''x'''")
	f.Add(`create name="a b" image=x`)
	f.Add(`execute name=c1 command=echo 'Hello from LXD!' timeout=5`)
	f.Add(`exec command=env A=1 "b c" name=x`)
	f.Add(`exec name=c1 command=cat env.txt env.X=1 Env.y=''`)
	f.Fuzz(func(t *testing.T, s string) {
		pc, err := parseCommand(s)
		if err == nil && pc.Word == "" {
			t.Errorf("parseCommand(%q): no error and no command word", s)
		}
	})
}

// FuzzRun sends arbitrary commands to an Env without a daemon: none may
// panic, and every RC is one of the documented ones.
func FuzzRun(f *testing.F) {
	f.Add("create name=c1 image=x memory=1.5GiB cpus=0-1 start=yes")
	f.Add("exec name=c1 command='x' user=1:2 timeout=1e9")
	f.Add("register_base name=b memory=50% storage=p")
	f.Add("exec name=c1 command=ls env.A=1 ENV.b_2='x y' stdin='in' stream=true maxoutput=1KiB cwd=/tmp")
	env := offline()
	f.Fuzz(func(t *testing.T, s string) {
		rc, vars := run(t, env, s)
		switch rc {
		case RCUsage, RCUnreachable, RCUnknownCommand:
		default:
			t.Errorf("%q: RC %d (%s)", s, rc, vars["RESULT.OUTPUT"])
		}
		if vars["RESULT.SUCCESS"] != "0" || vars["RESULT.OUTPUT"] == "" {
			t.Errorf("%q: SUCCESS %q OUTPUT %q", s, vars["RESULT.SUCCESS"], vars["RESULT.OUTPUT"])
		}
	})
}
