package lxd

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// cleanupImages deletes, when the test ends however it ends, the aliases
// and the images (by description, a value unique to the test) it made on
// the server of c.
func cleanupImages(t testing.TB, c *lxdapi.Client, description string, aliases ...string) {
	t.Helper()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for _, a := range aliases {
			if err := c.DeleteImageAlias(ctx, a); err != nil && !lxdapi.IsNotFound(err) {
				t.Errorf("cleanup: alias %s: %v", a, err)
			}
		}
		for _, fp := range imagesDescribed(t, c, description) {
			if err := waiter(ctx)(c.DeleteImage(ctx, fp)); err != nil && !lxdapi.IsNotFound(err) {
				t.Errorf("cleanup: image %s: %v", fp, err)
			}
		}
	})
}

// imagesDescribed returns the fingerprints of the images whose
// description property is description.
func imagesDescribed(t testing.TB, c *lxdapi.Client, description string) []string {
	t.Helper()
	list, err := c.ListImages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var fps []string
	for _, img := range list {
		if img.Properties["description"] == description {
			fps = append(fps, img.Fingerprint)
		}
	}
	return fps
}

// aliasTarget returns the fingerprint alias names on c's server, "" when
// there is no such alias.
func aliasTarget(t testing.TB, c *lxdapi.Client, alias string) string {
	t.Helper()
	a, err := c.GetImageAlias(context.Background(), alias)
	if lxdapi.IsNotFound(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return a.Target
}

// TestLivePublishAndImages publishes a stopped busybox instance under an
// alias and follows the image through images, the alias rules (exists:
// RC 1, ensure=true, replace=true), a running instance and delete_image,
// checking after each failure that no image was left behind.
func TestLivePublishAndImages(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)
	alias, desc := name+"-img", "rexxlxd test "+name
	cleanupImages(t, c, desc, alias)

	cmd := fmt.Sprintf("publish name=%s alias=%s description='%s'", name, alias, desc)
	vars := mustRun(t, env, cmd)
	fp := vars["RESULT.FINGERPRINT"]
	wantFields(t, cmd, vars, map[string]string{"CONTAINER": name, "ALIAS": alias, "CHANGED": "1"})
	if got := aliasTarget(t, c, alias); got == "" || got != fp {
		t.Fatalf("%s: FINGERPRINT %q, LXD's alias %s names %q", cmd, fp, alias, got)
	}
	img, err := c.GetImage(context.Background(), fp)
	if err != nil {
		t.Fatal(err)
	}
	if vars["RESULT.SIZE"] != fmt.Sprint(img.Size) || img.Size == 0 {
		t.Errorf("%s: SIZE %q, LXD says %d", cmd, vars["RESULT.SIZE"], img.Size)
	}

	vars = mustRun(t, env, "images")
	row := ""
	for i := 1; i <= atoi(vars["RESULT.0"]); i++ {
		if vars[fmt.Sprintf("RESULT.%d.FINGERPRINT", i)] == fp {
			row = fmt.Sprintf("%d.", i)
		}
	}
	if row == "" {
		t.Fatalf("images: %s not among %s rows", fp, vars["RESULT.0"])
	}
	wantFields(t, "images", vars, map[string]string{row + "ALIASES": alias, row + "DESCRIPTION": desc,
		row + "SIZE": fmt.Sprint(img.Size), row + "TYPE": "container", row + "PUBLIC": "0",
		row + "CREATED": img.CreatedAt.UTC().Format(time.RFC3339), "COUNT": vars["RESULT.0"]})

	// The alias is taken: RC 1 naming it, and no second image made.
	wantError(t, env, cmd, RCError, "image alias "+alias+" exists already", "ensure=true keeps it")
	if fps := imagesDescribed(t, c, desc); len(fps) != 1 {
		t.Errorf("after the refused publish: %d images described %q, want 1", len(fps), desc)
	}
	vars = mustRun(t, env, fmt.Sprintf("publish name=%s alias=%s ensure=true", name, alias))
	wantFields(t, "publish ensure", vars, map[string]string{"CHANGED": "0", "FINGERPRINT": fp})

	// A running instance is refused before anything is made.
	mustRun(t, env, "start name="+name)
	wantError(t, env, fmt.Sprintf("publish name=%s alias=%s-run description='%s run'", name, name, desc),
		RCError, name+" is running; stop it first", "stop it first")
	if fps := imagesDescribed(t, c, desc+" run"); len(fps) != 0 || aliasTarget(t, c, name+"-run") != "" {
		t.Errorf("publish of a running instance left images %v or its alias", fps)
	}
	// ... but a snapshot of it may be published.
	cleanupImages(t, c, desc+" snap")
	mustRun(t, env, "snapshot name="+name+" snapshot=s1")
	vars = mustRun(t, env, fmt.Sprintf("publish name=%s snapshot=s1 description='%s snap'", name, desc))
	if fps := imagesDescribed(t, c, desc+" snap"); len(fps) != 1 || fps[0] != vars["RESULT.FINGERPRINT"] || vars["RESULT.ALIAS"] != "" {
		t.Errorf("publish snapshot=s1: FINGERPRINT %s ALIAS %q, images %v", vars["RESULT.FINGERPRINT"], vars["RESULT.ALIAS"], fps)
	}
	wantError(t, env, fmt.Sprintf("publish name=%s snapshot=s2", name), RCError, name+" has no snapshot s2", "not found")
	mustRun(t, env, "stop name="+name+" force=true")

	// replace=true makes a new image and moves the alias; the old one stays.
	mustRun(t, env, "push name="+name+" target=/root/v2 content=two")
	vars = mustRun(t, env, fmt.Sprintf("publish name=%s alias=%s replace=true description='%s'", name, alias, desc))
	fp2 := vars["RESULT.FINGERPRINT"]
	if fp2 == fp || aliasTarget(t, c, alias) != fp2 || !strings.Contains(vars["RESULT"], "left image "+fp[:12]) {
		t.Errorf("publish replace=true: FINGERPRINT %s (old %s), alias names %s, output %q", fp2, fp, aliasTarget(t, c, alias), vars["RESULT"])
	}
	if _, err := c.GetImage(context.Background(), fp); err != nil {
		t.Errorf("publish replace=true: the old image %s is gone: %v", fp, err)
	}

	// delete_image by alias, then by a fingerprint prefix; ensure=.
	vars = mustRun(t, env, "delete_image image="+alias)
	wantFields(t, "delete_image", vars, map[string]string{"FINGERPRINT": fp2, "CHANGED": "1"})
	if _, err := c.GetImage(context.Background(), fp2); !lxdapi.IsNotFound(err) {
		t.Errorf("delete_image image=%s: image %s still there (%v)", alias, fp2, err)
	}
	wantError(t, env, "delete_image image="+alias, RCError, "no image "+alias+" on local", "no image")
	vars = mustRun(t, env, "delete_image image="+alias+" ensure=true")
	wantFields(t, "delete_image ensure", vars, map[string]string{"CHANGED": "0", "FINGERPRINT": ""})
	vars = mustRun(t, env, "delete_image image="+fp[:16])
	wantFields(t, "delete_image by fingerprint", vars, map[string]string{"FINGERPRINT": fp, "CHANGED": "1"})
	if fps := imagesDescribed(t, c, desc); len(fps) != 0 {
		t.Errorf("images left: %v", fps)
	}
}

// TestLivePublishAliasRaceLeavesNoImage: when giving the alias fails
// after the image was made (another script took the alias in between),
// publish deletes the image it made. The race is made real: a proxy in
// front of the daemon lets the test take the alias just before publish's
// own request for it reaches LXD.
func TestLivePublishAliasRaceLeavesNoImage(t *testing.T) {
	_, c := liveEnv(t)
	env0, _ := liveEnv(t)
	name := liveInstance(t, env0, c, false)
	alias, desc := name+"-img", "rexxlxd test "+name
	cleanupImages(t, c, desc, alias)
	busybox := aliasTarget(t, c, lxdtest.Image())

	var took atomic.Bool
	p := newProxy(t, lxdapi.DefaultSocket(), func(r *http.Request) time.Duration {
		if r.Method == http.MethodPost && r.URL.Path == "/1.0/images/aliases" && took.CompareAndSwap(false, true) {
			if err := c.CreateImageAlias(context.Background(), alias, busybox, "taken by the test"); err != nil {
				t.Errorf("taking the alias: %v", err)
			}
		}
		return 0
	})
	env := New(Config{Socket: p.Socket, ResponseTimeout: lxdtest.SlowDaemon})
	t.Cleanup(env.Close)

	vars := wantError(t, env, fmt.Sprintf("publish name=%s alias=%s description='%s'", name, alias, desc),
		RCError, "the image it made", "has been deleted")
	if !took.Load() {
		t.Fatal("publish never asked for the alias")
	}
	if fps := imagesDescribed(t, c, desc); len(fps) != 0 {
		t.Errorf("the failed publish left images %v", fps)
	}
	if got := aliasTarget(t, c, alias); got != busybox {
		t.Errorf("alias %s names %s after the failed publish, want the test's %s", alias, got, busybox)
	}
	if vars["RESULT.CHANGED"] != "0" {
		t.Errorf("CHANGED %q after a failed publish", vars["RESULT.CHANGED"])
	}
}

// TestLivePublishUnchanged: an instance published again unchanged packs
// into the same image, which LXD has already (it refuses to make it
// twice); publish gives the new alias to that image, and without an alias
// is success with CHANGED 0. The image must come out the same: no
// description= (LXD writes a new metadata.yaml, with the time in it, when
// properties are given), and a file unique to the test in the instance,
// so that no other image is the same.
func TestLivePublishUnchanged(t *testing.T) {
	env, c := liveEnv(t)
	name := liveInstance(t, env, c, false)
	mustRun(t, env, fmt.Sprintf("push name=%s target=/root/id content=%s", name, name))
	alias := name + "-img"
	t.Cleanup(func() {
		ctx := context.Background()
		for _, a := range []string{alias, alias + "-2"} {
			if fp := aliasTarget(t, c, a); fp != "" {
				if err := waiter(ctx)(c.DeleteImage(ctx, fp)); err != nil && !lxdapi.IsNotFound(err) {
					t.Errorf("cleanup: image %s: %v", fp, err)
				}
			}
		}
	})

	fp := mustRun(t, env, fmt.Sprintf("publish name=%s alias=%s", name, alias))["RESULT.FINGERPRINT"]
	vars := mustRun(t, env, fmt.Sprintf("publish name=%s alias=%s-2", name, alias))
	wantFields(t, "publish unchanged", vars, map[string]string{"FINGERPRINT": fp, "CHANGED": "1"})
	if got := aliasTarget(t, c, alias+"-2"); got != fp || !strings.Contains(vars["RESULT"], "identical image") {
		t.Errorf("publish unchanged: alias %s-2 names %q, want %s; output %q", alias, got, fp, vars["RESULT"])
	}
	vars = mustRun(t, env, "publish name="+name)
	wantFields(t, "publish unchanged, no alias", vars, map[string]string{"FINGERPRINT": fp, "CHANGED": "0"})
	if got := aliasTarget(t, c, alias); got != fp {
		t.Errorf("publish unchanged: alias %s names %q, want %s", alias, got, fp)
	}
}

func atoi(s string) int {
	n := 0
	fmt.Sscan(s, &n)
	return n
}
