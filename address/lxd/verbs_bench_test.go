package lxd

// Benchmarks of the everyday commands against the real daemon:
//
//	go test ./address/lxd/ -run '^$' -bench 'Push|Pull|Snapshot|Info|WaitRunning' -benchtime 20x

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// mibFile writes a 1 MiB host file and returns its path.
func mibFile(b *testing.B) string {
	b.Helper()
	src := filepath.Join(b.TempDir(), "f")
	if err := os.WriteFile(src, bytes.Repeat([]byte("0123456789abcdef"), 1<<16), 0o644); err != nil {
		b.Fatal(err)
	}
	return src
}

// BenchmarkPush1MiB pushes a 1 MiB host file into a stopped instance.
func BenchmarkPush1MiB(b *testing.B) {
	env, c := benchEnv(b)
	name := liveInstance(b, env, c, false)
	src := mibFile(b)
	b.SetBytes(1 << 20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchRun(b, env, fmt.Sprintf("push name=%s source=%s target=/root/f", name, src))
	}
}

// BenchmarkPull1MiB pulls a 1 MiB file into RESULT.CONTENT.
func BenchmarkPull1MiB(b *testing.B) {
	env, c := benchEnv(b)
	name := liveInstance(b, env, c, false)
	src := mibFile(b)
	benchRun(b, env, fmt.Sprintf("push name=%s source=%s target=/root/f", name, src))
	b.SetBytes(1 << 20)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchRun(b, env, fmt.Sprintf("pull name=%s source=/root/f", name))
	}
}

// BenchmarkSnapshotRestore takes a snapshot of a stopped instance and
// restores it: the sandbox reset a script does between runs.
func BenchmarkSnapshotRestore(b *testing.B) {
	env, c := benchEnv(b)
	name := liveInstance(b, env, c, false)
	benchRun(b, env, fmt.Sprintf("snapshot name=%s snapshot=clean", name))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchRun(b, env, fmt.Sprintf("restore name=%s snapshot=clean", name))
	}
}

// BenchmarkInfo reports a running instance.
func BenchmarkInfo(b *testing.B) {
	env, c := benchEnv(b)
	name := liveInstance(b, env, c, true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchRun(b, env, "info name="+name)
	}
}

// BenchmarkWaitRunning times wait for=running on an instance that runs:
// the event subscription and one state read, the floor of every wait.
func BenchmarkWaitRunning(b *testing.B) {
	env, c := benchEnv(b)
	name := liveInstance(b, env, c, true)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchRun(b, env, "wait name="+name+" for=running timeout=10")
	}
	b.StopTimer()
}
