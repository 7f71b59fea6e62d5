package lxd

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// readArchive lists an archive's entries as "name type mode uid:gid
// size link content".
func readArchive(t *testing.T, r io.Reader) []string {
	t.Helper()
	var out []string
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if h.Uname != "" || h.Gname != "" {
			t.Errorf("%s carries owner names %q:%q", h.Name, h.Uname, h.Gname)
		}
		out = append(out, fmt.Sprintf("%s %c %04o %d:%d %d %s %q", h.Name, h.Typeflag, h.Mode, h.Uid, h.Gid, h.Size, h.Linkname, data))
	}
}

// TestTarImageSkipsDirectories: the shared in-memory archive, streamed
// without the headers of some directories, is a valid archive with the
// same entries as one written for that instance alone, and both hold the
// tree as readHostTree saw it.
func TestTarImageSkipsDirectories(t *testing.T) {
	root, files, size := pushTestTree(t)
	uid := int64(1000)
	put := lxdapi.FilePut{UID: &uid}
	tree, err := readHostTree(root, put)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.entries) != files || tree.bytes != int64(size) {
		t.Fatalf("read %d entries, %d bytes; want %d, %d", len(tree.entries), tree.bytes, files, size)
	}
	im, err := buildImage(tree, put)
	if err != nil {
		t.Fatal(err)
	}
	for _, skip := range []map[string]bool{nil, {"a": true}, {"a": true, "a/b": true, "c d": true, "a/empty": true}} {
		got := readArchive(t, im.reader(skip))
		var own bytes.Buffer
		if err := writeTar(&own, tree, put, skip, nil); err != nil {
			t.Fatal(err)
		}
		want := readArchive(t, &own)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("skip %v: shared image gives\n%q\nits own archive\n%q", skip, got, want)
		}
		if len(got) != files-1-len(skip) {
			t.Errorf("skip %v: %d entries, want %d (no root, no skipped directory)", skip, len(got), files-1-len(skip))
		}
		for _, e := range got {
			for d := range skip {
				if strings.HasPrefix(e, d+"/ ") {
					t.Errorf("skip %v: %s is there", skip, e)
				}
			}
		}
	}
	all := fmt.Sprint(readArchive(t, im.reader(nil)))
	for _, want := range []string{"a/b/ 5 0700 1000:0 0", "top.sh 0 0755 1000:0 18  \"#!/bin/sh\\necho hi\\n\"", "rel-link 2 0777 1000:0 0 a/b/deep.txt"} {
		if !bytes.Contains([]byte(all), []byte(want)) {
			t.Errorf("archive lacks %q:\n%s", want, all)
		}
	}

	// A special file is refused before anything is sent.
	fifo := filepath.Join(root, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	defer os.Remove(fifo)
	if _, err := readHostTree(root, put); err == nil {
		t.Errorf("a tree with a FIFO was read without error")
	}
}
