package lxd

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// TestClusterCopyImage carries an image published on the local daemon
// to the test cluster and back, as a prepared base travels: the copy
// keeps the alias, makes instances there, a second copy sends nothing,
// an alias that names another image there is moved, and copying from
// the cluster to the local daemon under a new alias (image=REMOTE:IMAGE)
// gives the local image that alias.
func TestClusterCopyImage(t *testing.T) {
	_, cc, _ := clusterEnv(t)
	env, c := liveEnv(t)
	remote := lxdtest.ClusterRemote()
	name := liveInstance(t, env, c, false)
	alias, desc := name+"-img", "rexxlxd test "+name
	cleanupImages(t, c, desc, alias, alias+"-back")
	cleanupImages(t, cc, desc, alias)

	fp := mustRun(t, env, fmt.Sprintf("publish name=%s alias=%s description='%s'", name, alias, desc))["RESULT.FINGERPRINT"]

	cmd := fmt.Sprintf("copy_image image=%s to=%s", alias, remote)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"FINGERPRINT": fp, "FROM": "local", "TO": remote, "ALIASES": alias, "CHANGED": "1"})
	if got := aliasTarget(t, cc, alias); got != fp {
		t.Fatalf("%s: the cluster's alias %s names %q, want %s", cmd, alias, got, fp)
	}
	img, err := cc.GetImage(context.Background(), fp)
	if err != nil || img.Properties["description"] != desc {
		t.Fatalf("%s: the cluster's image: %+v, %v", cmd, img, err)
	}

	// The copy makes instances on the cluster.
	inst := lxdtest.Name(t, "t-imgcp")
	lxdtest.Cleanup(t, cc, inst)
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s remote=%s", inst, alias, remote))

	// Again: nothing is sent, nothing changes.
	vars = mustRun(t, env, cmd)
	wantFields(t, cmd+" again", vars, map[string]string{"CHANGED": "0", "ALIASES": alias})
	if !strings.Contains(vars["RESULT"], "already") {
		t.Errorf("%s again: %q", cmd, vars["RESULT"])
	}

	// An alias on the cluster that names another image is moved to the copy.
	other := aliasTarget(t, cc, lxdtest.Image())
	if other == "" {
		lxdtest.Need(t, fmt.Sprintf("the test cluster has no %s image; run scripts/lxd-cluster.sh up", lxdtest.Image()))
	}
	if err := cc.SetImageAlias(context.Background(), alias, other, ""); err != nil {
		t.Fatal(err)
	}
	vars = mustRun(t, env, cmd)
	if vars["RESULT.CHANGED"] != "1" || aliasTarget(t, cc, alias) != fp || !strings.Contains(vars["RESULT"], "moved alias "+alias) {
		t.Errorf("%s over a taken alias: CHANGED %s, alias names %s, output %q", cmd, vars["RESULT.CHANGED"], aliasTarget(t, cc, alias), vars["RESULT"])
	}

	// From the cluster back to local, under a new alias.
	back := fmt.Sprintf("copy_image image=%s:%s to=local alias=%s-back", remote, alias, alias)
	vars = mustRun(t, env, back)
	wantFields(t, back, vars, map[string]string{"FROM": remote, "TO": "local", "FINGERPRINT": fp})
	if aliasTarget(t, c, alias+"-back") != fp || !strings.Contains(" "+vars["RESULT.ALIASES"]+" ", " "+alias+"-back ") {
		t.Errorf("%s: local alias %s-back names %q, ALIASES %q", back, alias, aliasTarget(t, c, alias+"-back"), vars["RESULT.ALIASES"])
	}

	// A missing image on the source is RC 1 naming it and the remote;
	// the same server on both sides RC 2.
	wantError(t, env, fmt.Sprintf("copy_image image=%s-none to=%s", alias, remote), RCError, "no image "+alias+"-none on local", "no such alias")
	wantError(t, env, fmt.Sprintf("copy_image image=%s to=local", alias), RCUsage, "same server", "same server")

	mustRun(t, env, fmt.Sprintf("delete_image image=%s remote=%s", alias, remote))
	if _, err := cc.GetImage(context.Background(), fp); !lxdapi.IsNotFound(err) {
		t.Errorf("delete_image remote=%s: the image is still there (%v)", remote, err)
	}
}

// TestClusterCopySplitImage: an image of two files (metadata and rootfs,
// as image servers publish them) travels as one multipart stream and
// keeps its fingerprint, and the cluster makes instances of it. The
// split image is made here from the busybox image's files.
func TestClusterCopySplitImage(t *testing.T) {
	_, cc, _ := clusterEnv(t)
	env, c := liveEnv(t)
	remote := lxdtest.ClusterRemote()
	alias := lxdtest.Name(t, "t-split")
	desc := "rexxlxd test " + alias
	cleanupImages(t, c, desc, alias)
	cleanupImages(t, cc, desc, alias)
	fp := uploadSplitImage(t, c, desc)
	if err := c.CreateImageAlias(context.Background(), alias, fp, ""); err != nil {
		t.Fatal(err)
	}

	cmd := fmt.Sprintf("copy_image image=%s to=%s", alias, remote)
	vars := mustRun(t, env, cmd)
	wantFields(t, cmd, vars, map[string]string{"FINGERPRINT": fp, "ALIASES": alias, "CHANGED": "1"})
	img, err := cc.GetImage(context.Background(), fp)
	if err != nil || img.Properties["description"] != desc {
		t.Fatalf("%s: the cluster's image: %+v, %v", cmd, img, err)
	}
	inst := lxdtest.Name(t, "t-split")
	lxdtest.Cleanup(t, cc, inst)
	mustRun(t, env, fmt.Sprintf("create name=%s image=%s remote=%s", inst, alias, remote))
}

// uploadSplitImage makes a split image on c's server from the files of
// the busybox test image, with description desc, and returns its
// fingerprint.
func uploadSplitImage(t *testing.T, c *lxdapi.Client, desc string) string {
	t.Helper()
	ctx := context.Background()
	bb := aliasTarget(t, c, lxdtest.Image())
	f, err := c.ExportImage(ctx, bb)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Body.Close()
	z, err := gzip.NewReader(f.Body)
	if err != nil {
		t.Fatalf("the busybox image is no unified gzip tarball: %v", err)
	}
	var meta, rootfs bytes.Buffer
	mz, rz := gzip.NewWriter(&meta), gzip.NewWriter(&rootfs)
	mt, rt := tar.NewWriter(mz), tar.NewWriter(rz)
	tr := tar.NewReader(z)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch rel, inRoot := strings.CutPrefix(h.Name, "rootfs/"); {
		case h.Name == "metadata.yaml":
			var md map[string]any
			data, _ := io.ReadAll(tr)
			if err := yaml.Unmarshal(data, &md); err != nil {
				t.Fatal(err)
			}
			props, _ := md["properties"].(map[string]any)
			if props == nil {
				props = map[string]any{}
			}
			props["description"] = desc
			md["properties"] = props
			out, _ := yaml.Marshal(md)
			h.Size = int64(len(out))
			mt.WriteHeader(h)
			mt.Write(out)
		case inRoot && rel != "":
			h.Name = rel
			rt.WriteHeader(h)
			io.Copy(rt, tr)
		}
	}
	for _, w := range []io.Closer{mt, mz, rt, rz} {
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct {
		field string
		data  []byte
	}{{"metadata", meta.Bytes()}, {"rootfs", rootfs.Bytes()}} {
		w, _ := mw.CreateFormFile(part.field, part.field+".tar.gz")
		w.Write(part.data)
	}
	mw.Close()
	up := &lxdapi.ImageFile{Body: io.NopCloser(&body), ContentType: mw.FormDataContentType(), Size: int64(body.Len())}
	op, err := c.UploadImage(ctx, up, false, nil)
	if err == nil {
		err = op.Wait(ctx)
	}
	if err != nil {
		t.Fatalf("uploading the split image: %v", err)
	}
	return lxdapi.OperationFingerprint(op)
}
