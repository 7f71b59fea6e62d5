package lxd

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/termtext"
)

// Long operations (an image download, a copy between pools, an unpack)
// show their progress on the error stream when it is a terminal, from the
// metadata LXD puts on the operation ("download_progress": "rootfs: 45%
// (12.3MB/s)", "create_instance_from_image_unpack_progress",
// "fs_progress", ...). The progress line is rewritten in place and
// cleared when the operation ends; nothing at all is written when the
// stream is no terminal, so logs and captured streams stay clean.

// progressValues returns the "*_progress" keys of an operation's
// metadata that hold text, e.g. "download_progress": "45% (12.30MB/s)".
func progressValues(metadata json.RawMessage) map[string]string {
	var md map[string]any
	if len(metadata) == 0 || json.Unmarshal(metadata, &md) != nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range md {
		if s, ok := v.(string); ok && s != "" && strings.HasSuffix(k, "_progress") {
			out[k] = s
		}
	}
	return out
}

// progressText is the line to show for the progress values cur, given
// the values shown before (prev): each value that changed, after a verb
// for its key ("downloading 45% (12.30MB/s)"), in key order, joined with
// "; ". LXD leaves the value of a finished stage on the operation (an
// unpack at 100% while the copy goes on), so unchanged values are left
// out; "" when nothing changed.
func progressText(cur, prev map[string]string) string {
	keys := make([]string, 0, len(cur))
	for k, v := range cur {
		if prev[k] != v {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = progressVerb(k) + " " + cur[k]
	}
	return strings.Join(parts, "; ")
}

// progressVerb says what a progress key of LXD's is about.
func progressVerb(key string) string {
	switch {
	case strings.Contains(key, "download"):
		return "downloading"
	case strings.Contains(key, "unpack"):
		return "unpacking"
	case strings.Contains(key, "pack"): // publish: create_image_from_container_pack
		return "packing"
	case strings.Contains(key, "backup"):
		return "backing up"
	case key == "fs_progress":
		return "copying"
	}
	return strings.ReplaceAll(strings.TrimSuffix(key, "_progress"), "_", " ")
}

// watchProgress shows the progress of the operation op on the view's
// progress stream (if any) until the returned stop is called. It follows
// LXD's operation events; if they cannot be had, it shows nothing, as
// progress is never worth failing a command for.
func (e *view) watchProgress(ctx context.Context, op *lxdapi.Operation, label string) (stop func()) {
	w := e.out.progress
	if w == nil || op == nil {
		return func() {}
	}
	wctx, cancel := context.WithCancel(ctx)
	events, err := e.lxd().Events(wctx, "operation")
	if err != nil {
		cancel()
		return func() {}
	}
	line := termtext.NewStatusLine(w)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var prev map[string]string
		var last time.Time // LXD may deliver an older update after a newer one
		for {
			ev, err := events.Next()
			if err != nil {
				return
			}
			o, err := ev.Operation()
			if err != nil || o.ID != op.ID || o.UpdatedAt.Before(last) {
				continue
			}
			last = o.UpdatedAt
			cur := progressValues(o.Metadata)
			if text := progressText(cur, prev); text != "" {
				line.Show(label + ": " + text)
				prev = cur
			}
		}
	}()
	return func() {
		cancel()
		events.Close()
		<-done
		line.Clear()
	}
}

// showElapsed shows, on the view's progress stream (if any), what is
// being done and for how long, once a second, until the returned stop is
// called: for operations LXD reports no progress of (a prepare= command).
func (e *view) showElapsed(ctx context.Context, label, doing string) (stop func()) {
	w := e.out.progress
	if w == nil {
		return func() {}
	}
	line := termtext.NewStatusLine(w)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		start := time.Now()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case now := <-tick.C:
				line.Show(fmt.Sprintf("%s: %s (%ds)", label, doing, int(now.Sub(start).Seconds())))
			}
		}
	}()
	return func() {
		close(quit)
		<-done
		line.Clear()
	}
}
