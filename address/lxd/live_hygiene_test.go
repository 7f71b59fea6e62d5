package lxd

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
	"github.com/rexxlxd/rexxlxd/address/lxd/lxdtest"
)

// privateProject creates an LXD project of the test's own (sharing the
// default project's profiles and images, so the root disk and the test
// image work in it) and returns its name and a client in it. When the
// test ends, every instance in it is removed and the project deleted:
// destructive patterns are tried only in such a project, where no one
// else's instance can match them.
func privateProject(t *testing.T, c *lxdapi.Client) (string, *lxdapi.Client) {
	t.Helper()
	ctx := context.Background()
	project := lxdtest.Name(t, "rxh")
	if err := c.CreateProject(ctx, lxdapi.ProjectsPost{Name: project, Config: map[string]string{
		"features.profiles": "false", "features.images": "false"}}); err != nil {
		t.Fatal(err)
	}
	in := c.WithProject(project)
	t.Cleanup(func() {
		list, err := in.ListInstances(context.Background())
		if err != nil {
			t.Errorf("listing project %s: %v", project, err)
		}
		for _, inst := range list {
			if err := lxdtest.Remove(in, inst.Name); err != nil {
				t.Errorf("removing %s from project %s: %v", inst.Name, project, err)
			}
		}
		if err := c.DeleteProject(context.Background(), project); err != nil {
			t.Errorf("deleting project %s: %v", project, err)
		}
	})
	return project, in
}

// TestLiveListNoSuchProject checks that list and list_bases in a project
// that does not exist fail (RC 1, naming it) instead of answering with an
// empty list, while an existing empty project is RC 0 with none.
func TestLiveListNoSuchProject(t *testing.T) {
	env, c := liveEnv(t)
	project, _ := privateProject(t, c)
	missing := lxdtest.Name(t, "rxnosuch")
	for _, verb := range []string{"list", "list_bases"} {
		cmd := fmt.Sprintf("%s project=%s", verb, missing)
		rc, vars := run(t, env, cmd)
		if rc != RCError || !strings.Contains(vars["RESULT.ERROR"], "project "+missing) {
			t.Errorf("%q: RC %d, ERROR %q; want RC 1 naming project %s", cmd, rc, vars["RESULT.ERROR"], missing)
		}
		cmd = fmt.Sprintf("%s project=%s", verb, project)
		wantFields(t, cmd, mustRun(t, env, cmd), map[string]string{"COUNT": "0", "0": "0"})
	}
	// A connect to it is refused too, so later commands cannot run there.
	cmd := "connect project=" + missing
	if rc, vars := run(t, env, cmd); rc != RCError || !strings.Contains(vars["RESULT.ERROR"], missing) {
		t.Errorf("%q: RC %d, ERROR %q; want RC 1 naming the project", cmd, rc, vars["RESULT.ERROR"])
	}
}
