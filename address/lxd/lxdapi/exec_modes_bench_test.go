package lxdapi

// BenchmarkExecModes compares LXD's two ways of running a command without
// a terminal, alternating them in one loop so that machine load hits both
// alike: the websocket exec that Exec and ExecStart use, and record-output
// mode (the daemon writes stdout and stderr to log files in the instance's
// log directory on the host, which are then read and deleted), which this
// package used before and which is kept here, in a test, only for this
// comparison. Run with:
//
//	go test ./address/lxd/lxdapi -run '^$' -bench ExecModes -benchtime 40x

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// recordedExec runs a command in record-output mode and returns its exit
// status and stdout, deleting both logs.
func recordedExec(ctx context.Context, c *Client, name string, command []string) (int, []byte, error) {
	body := map[string]any{"command": command, "record-output": true, "wait-for-websocket": false, "interactive": false}
	op, err := c.async(ctx, request{method: http.MethodPost, path: instancePath(name) + "/exec", body: body})
	if err != nil {
		return -1, nil, err
	}
	if err := op.Wait(ctx); err != nil {
		return -1, nil, err
	}
	var md struct {
		Return int               `json:"return"`
		Output map[string]string `json:"output"`
	}
	if err := json.Unmarshal(op.Metadata, &md); err != nil {
		return -1, nil, err
	}
	var stdout []byte
	for _, key := range []string{"1", "2"} {
		path := strings.TrimPrefix(md.Output[key], c.base)
		resp, err := c.raw(ctx, request{method: http.MethodGet, path: path})
		if err != nil {
			return -1, nil, err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return -1, nil, err
		}
		if key == "1" {
			stdout = data
		}
		if _, err := c.call(ctx, request{method: http.MethodDelete, path: path}); err != nil {
			return -1, nil, err
		}
	}
	return md.Return, stdout, nil
}

// benchInstance creates and starts an instance from the test image
// (rexxlxd-busybox, as scripts/lxd-setup.sh makes it) and deletes it when
// the benchmark ends. It skips when no daemon answers.
func benchInstance(b *testing.B, c *Client, ctx context.Context) string {
	b.Helper()
	if _, err := c.GetServer(ctx); err != nil {
		b.Skipf("LXD not reachable: %v", err)
	}
	rnd := make([]byte, 4)
	_, _ = rand.Read(rnd)
	name := "rxbench-" + hex.EncodeToString(rnd)
	b.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if op, err := c.StopInstance(ctx, name, true, -1); err == nil {
			_ = op.Wait(ctx)
		}
		if op, err := c.DeleteInstance(ctx, name); err == nil {
			_ = op.Wait(ctx)
		}
	})
	for _, step := range []func() (*Operation, error){
		func() (*Operation, error) {
			return c.CreateInstance(ctx, InstancesPost{Name: name, Source: ImageSource("rexxlxd-busybox")})
		},
		func() (*Operation, error) { return c.StartInstance(ctx, name) },
	} {
		op, err := step()
		if err == nil {
			err = op.Wait(ctx)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return name
}

func BenchmarkExecModes(b *testing.B) {
	c := NewUnix("", nil)
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	name := benchInstance(b, c, ctx)
	cmd := []string{"echo", "hi"}
	// Warm both paths (connections, the guest's page cache).
	if _, _, err := recordedExec(ctx, c, name, cmd); err != nil {
		b.Fatal(err)
	}
	if _, err := c.Exec(ctx, name, ExecRequest{Command: cmd}); err != nil {
		b.Fatal(err)
	}
	var ws, rec []time.Duration
	b.ResetTimer()
	timeWS := func() {
		t0 := time.Now()
		res, err := c.Exec(ctx, name, ExecRequest{Command: cmd})
		ws = append(ws, time.Since(t0))
		if err != nil || res.ExitCode != 0 || string(res.Stdout) != "hi\n" {
			b.Fatalf("websocket exec: %v %+v", err, res)
		}
	}
	timeRecord := func() {
		t0 := time.Now()
		code, out, err := recordedExec(ctx, c, name, cmd)
		rec = append(rec, time.Since(t0))
		if err != nil || code != 0 || string(out) != "hi\n" {
			b.Fatalf("record-output exec: %v %d %q", err, code, out)
		}
	}
	for i := 0; i < b.N; i++ {
		// Alternate which goes first, so neither always runs warm.
		if i%2 == 0 {
			timeWS()
			timeRecord()
		} else {
			timeRecord()
			timeWS()
		}
	}
	b.StopTimer()
	mw, mr := median(ws), median(rec)
	b.ReportMetric(ms(mw), "websocket-ms")
	b.ReportMetric(ms(mr), "record-ms")
	b.ReportMetric(float64(mw)/float64(mr), "ws/record")
	b.Logf("%d pairs: websocket median %s, record-output median %s", b.N, mw, mr)
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
