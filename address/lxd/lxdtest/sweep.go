package lxdtest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// sweepTimeout bounds each listing and each image or profile delete of
// Sweep (instances have Remove's own bound).
const sweepTimeout = time.Minute

// minSweepID is the shortest id Sweep accepts: every name that contains
// the id is deleted, so a short one could take other people's objects.
const minSweepID = 6

// Sweep deletes from the daemon behind c, in c's project, what a test
// left behind under names that contain id: instances (force-stopped and
// deleted, as Remove does), images one of whose aliases contains id
// (only those aliases when the image has others too) or that have no
// alias and a description containing id, and profiles (after the
// instances, which may use them). It goes on past an error, so one stuck
// object does not keep the others, and returns what it deleted ("instance
// NAME", "image alias NAME", "image FINGERPRINT (ALIASES)", "profile
// NAME") and the errors it met. id must be distinctive (a run's random
// token, at least minSweepID characters): every name containing it goes.
func Sweep(c *lxdapi.Client, id string) (deleted []string, errs []error) {
	if len(id) < minSweepID {
		return nil, []error{fmt.Errorf("sweep: id %q is too short to tell a test's names from others' (at least %d characters)", id, minSweepID)}
	}
	fail := func(what string, err error) { errs = append(errs, fmt.Errorf("%s: %w", what, err)) }
	// drop deletes one thing with do, bounded; one already gone counts.
	drop := func(what string, do func(ctx context.Context) error) {
		ctx, cancel := context.WithTimeout(context.Background(), sweepTimeout)
		defer cancel()
		if err := do(ctx); err != nil && !lxdapi.IsNotFound(err) {
			fail(what, err)
			return
		}
		deleted = append(deleted, what)
	}

	// Instances, in two rounds: one that a first delete could not take
	// (say, while a clone of it still goes) gets a second chance.
	ctx, cancel := context.WithTimeout(context.Background(), sweepTimeout)
	names, err := c.ListInstanceNames(ctx)
	cancel()
	if err != nil {
		fail("listing instances", err)
	}
	var todo []string
	for _, n := range names {
		if strings.Contains(n, id) {
			todo = append(todo, n)
		}
	}
	sort.Strings(todo)
	failed := map[string]error{}
	for round := 1; round <= 2 && len(todo) > 0; round++ {
		var again []string
		for _, n := range todo {
			if err := Remove(c, n); err != nil {
				failed[n] = err
				again = append(again, n)
				continue
			}
			delete(failed, n)
			deleted = append(deleted, "instance "+n)
		}
		todo = again
	}
	for _, n := range todo {
		fail("instance "+n, failed[n])
	}

	// Images and their aliases.
	ctx, cancel = context.WithTimeout(context.Background(), sweepTimeout)
	images, err := c.ListImages(ctx)
	cancel()
	if err != nil {
		fail("listing images", err)
	}
	for _, img := range images {
		var ours, others []string
		for _, a := range img.Aliases {
			if strings.Contains(a.Name, id) {
				ours = append(ours, a.Name)
			} else {
				others = append(others, a.Name)
			}
		}
		switch {
		case len(ours) > 0 && len(others) > 0:
			// The same bytes published by another run share the
			// image: only the aliases are ours.
			for _, a := range ours {
				drop("image alias "+a, func(ctx context.Context) error { return c.DeleteImageAlias(ctx, a) })
			}
		case len(ours) > 0 || len(img.Aliases) == 0 && strings.Contains(img.Properties["description"], id):
			what := "image " + img.Fingerprint
			if len(ours) > 0 {
				what += " (" + strings.Join(ours, ", ") + ")"
			}
			drop(what, func(ctx context.Context) error {
				op, err := c.DeleteImage(ctx, img.Fingerprint)
				if err != nil {
					return err
				}
				return op.Wait(ctx)
			})
		}
	}

	// Profiles, the instances that used them being gone.
	ctx, cancel = context.WithTimeout(context.Background(), sweepTimeout)
	profiles, err := c.ListProfileNames(ctx)
	cancel()
	if err != nil {
		fail("listing profiles", err)
	}
	for _, p := range profiles {
		if strings.Contains(p, id) {
			drop("profile "+p, func(ctx context.Context) error { return c.DeleteProfile(ctx, p) })
		}
	}
	return deleted, errs
}
