package lxd

// The pull side of issue 17's "files at tar speed": a 200-file / 5 MB tree
// pulled from a running busybox instance by the guest's tar and, from a
// twin whose tar is removed, by the files API:
//
//	go test ./address/lxd/ -run '^$' -bench PullTree -benchtime 5x

import (
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
)

func BenchmarkPullTree(b *testing.B) {
	env, c := benchEnv(b)
	for _, method := range []string{"tar", "files"} {
		b.Run(method, func(b *testing.B) {
			name := liveInstance(b, env, c, true)
			// 20 directories of 10 files of 25 KiB: 200 files, 5 MB.
			script := "for d in $(seq 1 20); do mkdir -p /root/t/d$d; for f in $(seq 1 10); do " +
				"head -c 25600 /dev/urandom > /root/t/d$d/f$f; done; done"
			if method == "files" {
				script += " && rm /bin/tar"
			}
			benchRun(b, env, fmt.Sprintf("execute name=%s command=%s", name, rexxQuote(script)))
			out := b.TempDir()
			b.SetBytes(200 * 25600)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cmd := fmt.Sprintf("pull name=%s source=/root/t target=%s recursive=true", name, filepath.Join(out, strconv.Itoa(i)))
				rc, vars := run(b, env, cmd)
				if rc != 0 || vars["RESULT.METHOD"] != method || vars["RESULT.FILES"] != "221" {
					b.Fatalf("%q: RC %d, METHOD %s, FILES %s: %s", cmd, rc, vars["RESULT.METHOD"], vars["RESULT.FILES"], vars["RESULT.OUTPUT"])
				}
			}
		})
	}
}
