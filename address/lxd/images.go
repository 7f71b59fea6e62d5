package lxd

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Images: publish makes one of a stopped instance (a registered base is
// one), images lists them, delete_image deletes one, copy_image carries
// one to another server. An image is named by an alias or a fingerprint
// (or a unique prefix of one), as lxc names it.

// checkAlias checks an alias= value before anything is sent. LXD 5.0
// takes any text as an alias name; rexxlxd refuses what would break its
// own use: blanks (RESULT.i.ALIASES lists aliases separated by blanks),
// ':' (image=web:base reads as the image base on the remote web),
// control characters, and more than 255 characters.
func checkAlias(key, alias string) error {
	switch {
	case alias == "":
		return &UsageError{Msg: key + "= is empty; give an image alias such as web-base"}
	case len(alias) > 255:
		return &UsageError{Msg: fmt.Sprintf("%s= is %d characters long; at most 255", key, len(alias))}
	case strings.Contains(alias, ":"):
		return &UsageError{Msg: fmt.Sprintf("%s=%s holds ':', which image= reads as REMOTE:IMAGE; choose an alias without it", key, alias)}
	}
	for _, r := range alias {
		if r <= ' ' || r == 0x7f {
			return &UsageError{Msg: fmt.Sprintf("%s=%s holds a blank or control character; an alias is one word", key, quoteOdd(alias))}
		}
	}
	return nil
}

// errNoImage is wrapped by the error for an image= that names no image.
var errNoImage = errors.New("no such image")

// noImageError is an image= that names no image: its message says where
// it was looked for, and it is errNoImage (and LXD's error, if any).
type noImageError struct {
	msg string
	lxd error
}

func (e *noImageError) Error() string { return e.msg }
func (e *noImageError) Unwrap() []error {
	if e.lxd == nil {
		return []error{errNoImage}
	}
	return []error{errNoImage, e.lxd}
}

// findImage finds the image that ref names on the view's server: an
// alias, else (when ref could be one) a fingerprint or unique prefix of
// one. A ref that names nothing wraps errNoImage.
func (e *view) findImage(ctx context.Context, ref string) (*lxdapi.Image, error) {
	fp := ""
	a, err := e.lxd().GetImageAlias(ctx, ref)
	switch {
	case err == nil:
		fp = a.Target
	case !lxdapi.IsNotFound(err):
		return nil, err
	case !isHex(ref):
		return nil, &noImageError{fmt.Sprintf("no image %s on %s (no such alias)", ref, e.remoteLabel()), err}
	default:
		fp = ref
	}
	img, err := e.lxd().GetImage(ctx, fp)
	if lxdapi.IsNotFound(err) {
		return nil, &noImageError{fmt.Sprintf("no image %s on %s (neither an alias nor a fingerprint)", ref, e.remoteLabel()), err}
	}
	return img, err
}

// aliasNames is an image's aliases as RESULT gives them: separated by
// blanks, sorted.
func aliasNames(img *lxdapi.Image) string {
	names := make([]string, len(img.Aliases))
	for i, a := range img.Aliases {
		names[i] = a.Name
	}
	slices.Sort(names)
	return strings.Join(names, " ")
}

// shortFP is a fingerprint as lxc shows it: its first 12 digits.
func shortFP(fp string) string { return fp[:min(12, len(fp))] }

// images lists the images of the server: images (no keys).
//
// RESULT fields: COUNT and RESULT.0; RESULT.i.FINGERPRINT, ALIASES
// (blank-separated), DESCRIPTION, SIZE (bytes), CREATED and UPLOADED
// (RFC 3339, UTC), ARCHITECTURE, TYPE, PUBLIC (1 or 0). Images with
// aliases come first, by their first alias; then the others by
// fingerprint.
func (e *view) images(ctx context.Context, args cmdArgs, res *result) error {
	res.isList = true
	list, err := e.lxd().ListImages(ctx)
	if err != nil {
		return err
	}
	slices.SortFunc(list, func(a, b lxdapi.Image) int {
		fa, fb := aliasNames(&a), aliasNames(&b)
		switch {
		case (fa == "") != (fb == ""):
			if fa == "" {
				return 1
			}
			return -1
		case fa != fb:
			return strings.Compare(fa, fb)
		}
		return strings.Compare(a.Fingerprint, b.Fingerprint)
	})
	for i := range list {
		img := &list[i]
		res.addRow(field{"FINGERPRINT", img.Fingerprint}, field{"ALIASES", aliasNames(img)},
			field{"DESCRIPTION", img.Properties["description"]}, field{"SIZE", strconv.FormatInt(img.Size, 10)},
			field{"CREATED", rfc3339(img.CreatedAt)}, field{"UPLOADED", rfc3339(img.UploadedAt)},
			field{"ARCHITECTURE", img.Architecture}, field{"TYPE", img.Type}, field{"PUBLIC", boolString(img.Public)})
	}
	res.set("COUNT", strconv.Itoa(len(list)))
	res.output = fmt.Sprintf("%d image(s) on %s", len(list), e.remoteLabel())
	return nil
}

// rfc3339 is a time as RESULT fields give it; empty for the zero time (LXD
// says 0001-01-01 for "never").
func rfc3339(t time.Time) string {
	if t.IsZero() || t.Year() <= 1 {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// deleteImage deletes an image: delete_image image=ALIAS|FINGERPRINT
// [ensure=true]. With ensure=true an image that is not there is success
// with CHANGED 0. Instances made from the image keep running: a
// container does not need its image once made.
//
// RESULT fields: IMAGE (as given), FINGERPRINT, CHANGED.
func (e *view) deleteImage(ctx context.Context, args cmdArgs, res *result) error {
	ref := args["image"]
	res.set("IMAGE", ref)
	res.set("FINGERPRINT", "")
	if ref == "" {
		return &UsageError{Msg: "image= is empty; give an alias or a fingerprint"}
	}
	if strings.Contains(ref, ":") {
		return &UsageError{Msg: fmt.Sprintf("image=%s: delete_image works on the server of the command; use remote=NAME, not NAME:IMAGE", ref)}
	}
	ensure := args.flag("ensure")
	img, err := e.findImage(ctx, ref)
	if errors.Is(err, errNoImage) && ensure {
		res.unchanged()
		res.output = fmt.Sprintf("no image %s on %s", ref, e.remoteLabel())
		return nil
	}
	if err != nil {
		return err
	}
	res.set("FINGERPRINT", img.Fingerprint)
	if err := waiter(ctx)(e.lxd().DeleteImage(ctx, img.Fingerprint)); err != nil {
		if lxdapi.IsNotFound(err) && ensure { // deleted meanwhile
			res.unchanged()
			return nil
		}
		return fmt.Errorf("deleting image %s (%s): %w", ref, shortFP(img.Fingerprint), err)
	}
	res.output = fmt.Sprintf("deleted image %s (%s)", ref, shortFP(img.Fingerprint))
	return nil
}

// publish makes an image of a stopped instance or of one of its
// snapshots: publish name= [alias=] [snapshot=] [description=]
// [public=true] [ensure=true | replace=true]. An alias that exists
// already is RC 1 before anything is made; with ensure=true it is
// success with CHANGED 0 (the image it names is kept, whatever it
// holds), with replace=true the new image is made and the alias moved to
// it (the old image stays, under its fingerprint and other aliases).
//
// The image is made first and the alias given afterwards: when that
// fails the image is deleted, so a failed publish leaves no image behind.
// An instance published again unchanged (without description=, which
// makes LXD write new metadata with the time in it) makes the same image,
// which LXD has already: the alias goes to that image (CHANGED 0 when it
// named it already).
//
// RESULT fields: CONTAINER, ALIAS, FINGERPRINT, SIZE (bytes), CHANGED.
func (e *view) publish(ctx context.Context, args cmdArgs, res *result) error {
	name, alias := args["name"], args["alias"]
	_, hasAlias := args["alias"]
	snap, hasSnap := args["snapshot"]
	res.set("CONTAINER", name)
	res.set("ALIAS", alias)
	res.set("FINGERPRINT", "")
	res.set("SIZE", "")
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if hasAlias {
		if err := checkAlias("alias", alias); err != nil {
			return err
		}
	}
	if hasSnap {
		if err := checkSnapshotName(snap); err != nil {
			return err
		}
	}
	ensure, replace, public := args.flag("ensure"), args.flag("replace"), args.flag("public")
	if ensure && replace {
		return &UsageError{Msg: "give ensure=true (keep the image the alias names) or replace=true (move the alias to a new image), not both"}
	}
	if (ensure || replace) && !hasAlias {
		return &UsageError{Msg: "ensure= and replace= are about an existing alias; give alias="}
	}
	var props map[string]string
	if d, ok := args["description"]; ok {
		props = map[string]string{"description": d}
	}

	// What is asked is checked before anything is made: the alias, then
	// the instance (or snapshot) and its state.
	var old *lxdapi.ImageAlias
	if hasAlias {
		a, err := e.lxd().GetImageAlias(ctx, alias)
		switch {
		case err == nil && ensure:
			res.set("FINGERPRINT", a.Target)
			if img, err := e.lxd().GetImage(ctx, a.Target); err == nil {
				res.set("SIZE", strconv.FormatInt(img.Size, 10))
			}
			res.unchanged()
			res.output = fmt.Sprintf("image alias %s exists already (%s); kept it", alias, shortFP(a.Target))
			return nil
		case err == nil && !replace:
			return fmt.Errorf("image alias %s exists already on %s (image %s); ensure=true keeps it, replace=true moves it to a new image of %s",
				alias, e.remoteLabel(), shortFP(a.Target), name)
		case err == nil:
			old = a
		case !lxdapi.IsNotFound(err):
			return err
		}
	}
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return notFound(name, err)
	}
	if hasSnap {
		if _, err := e.lxd().GetSnapshot(ctx, name, snap); err != nil {
			return e.noSnapshot(ctx, name, snap, err)
		}
	} else if inst.Status != "Stopped" {
		return fmt.Errorf("%s is %s; stop it first (an image is made of a stopped instance, or of a snapshot with snapshot=)",
			name, strings.ToLower(inst.Status))
	}

	fp, err := e.makeImage(ctx, name, func(ctx context.Context) (*lxdapi.Operation, error) {
		return e.lxd().PublishImage(ctx, lxdapi.ImagePublish{Instance: name, Snapshot: snap, Properties: props, Public: public})
	})
	// An instance published twice unchanged can pack into the same bytes:
	// LXD then refuses, naming the image it has. That image is what was
	// asked for, so it gets the alias; it is not this command's to delete.
	made := true
	if had := existingImage(err); had != "" {
		fp, made, err = had, false, nil
	}
	if err != nil {
		return err
	}
	res.set("FINGERPRINT", fp)
	if hasAlias && (old == nil || old.Target != fp) {
		if err := e.pointAlias(ctx, alias, fp, old); err != nil {
			err = fmt.Errorf("giving the image of %s the alias %s: %w", name, alias, err)
			if made {
				return e.undoImage(ctx, fp, err)
			}
			return err
		}
	} else if !made {
		res.unchanged() // the image was there, and so was its alias (or none was asked for)
	}
	if img, err := e.lxd().GetImage(ctx, fp); err == nil {
		res.set("SIZE", strconv.FormatInt(img.Size, 10))
	}
	what := name
	if hasSnap {
		what += "/" + snap
	}
	switch {
	case !made:
		res.output = fmt.Sprintf("%s holds what image %s holds (an identical image was there already)", what, shortFP(fp))
		if hasAlias {
			res.output += "; its alias is " + alias
		}
	case old != nil:
		res.output = fmt.Sprintf("published %s as %s (%s); the alias left image %s", what, alias, shortFP(fp), shortFP(old.Target))
	case hasAlias:
		res.output = fmt.Sprintf("published %s as %s (%s)", what, alias, shortFP(fp))
	default:
		res.output = fmt.Sprintf("published %s as image %s", what, shortFP(fp))
	}
	return nil
}

// imageExists matches LXD's refusal to make an image it has already.
var imageExists = regexp.MustCompile(`The image already exists: ([0-9a-f]{64})`)

// existingImage returns the fingerprint of the image LXD says it has
// already when err is that refusal, else "".
func existingImage(err error) string {
	var le *lxdapi.Error
	if !errors.As(err, &le) {
		return ""
	}
	if m := imageExists.FindStringSubmatch(le.Message); m != nil {
		return m[1]
	}
	return ""
}

// pointAlias makes alias name the image fp: a new alias when old is nil,
// else old moved (keeping its description).
func (e *view) pointAlias(ctx context.Context, alias, fp string, old *lxdapi.ImageAlias) error {
	if old == nil {
		return e.lxd().CreateImageAlias(ctx, alias, fp, "")
	}
	return e.lxd().SetImageAlias(ctx, alias, fp, old.Description)
}

// makeImage runs an operation that makes an image (a publish, an upload)
// and returns the new image's fingerprint, showing LXD's progress under
// label. When the wait is cut short (the command timeout, or the program
// was interrupted), LXD carries on: the operation is then waited for
// under a fresh, bounded context and what it made is deleted, so the
// script is never told "failed" about an image that exists after all.
func (e *view) makeImage(ctx context.Context, label string, start func(context.Context) (*lxdapi.Operation, error)) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	sctx, scancel := steadyContext(ctx) // see createAndWaitAt
	op, err := start(sctx)
	scancel()
	if err != nil {
		return "", err
	}
	stop := e.watchProgress(ctx, op, label)
	err = op.Wait(ctx)
	stop()
	if err != nil && ctx.Err() != nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		if werr := op.Wait(cctx); werr != nil {
			if cctx.Err() != nil {
				return "", fmt.Errorf("%w; whether LXD made the image is unknown: it had not finished after %v", err, cleanupTimeout)
			}
			if lxdapi.IsOperationFailure(werr) {
				return "", fmt.Errorf("%w; LXD made no image", err)
			}
			// LXD forgets an operation a few seconds after it ends.
			return "", fmt.Errorf("%w; whether LXD made the image is unknown: %v", err, werr)
		}
		return "", e.undoImage(cctx, lxdapi.OperationFingerprint(op), err)
	}
	if err != nil {
		return "", err
	}
	fp := lxdapi.OperationFingerprint(op)
	if fp == "" {
		return "", fmt.Errorf("LXD made an image but did not say its fingerprint (operation %s)", op.ID)
	}
	return fp, nil
}

// undoImage deletes the image fp that a failed command made, and returns
// cause with what became of it.
func (e *view) undoImage(ctx context.Context, fp string, cause error) error {
	if fp == "" {
		return fmt.Errorf("%w; the image LXD made could not be found to delete it", cause)
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := waiter(cctx)(e.lxd().DeleteImage(cctx, fp)); err != nil {
		return fmt.Errorf("%w; deleting the image it made (%s) failed too: %v", cause, shortFP(fp), err)
	}
	return fmt.Errorf("%w; the image it made (%s) has been deleted", cause, shortFP(fp))
}
