package lxd

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// copyImage copies an image to another server: copy_image
// image=[REMOTE:]IMAGE to=REMOTE [alias=]. image= names the image as
// create does: on the command's server (remote=, or the connection), or
// on the remote before the colon. to= is an lxc remote (an LXD daemon;
// "local" is this host's), whose default project gets the copy.
//
// The image travels through rexxlxd (lxc's --mode=relay): exported from
// the source and uploaded to the destination, so it works whether or not
// the source listens on the network (the local daemon usually does not,
// which is why lxc's default pull mode fails there) and whether or not
// the servers trust each other. An image the destination has already
// (the same fingerprint) is not sent again.
//
// The copy gets alias= when given, else the source image's aliases (what
// lxc does with --copy-aliases: a base copied to another server is found
// there under the name it had). An alias that names another image on the
// destination is moved to the copy, as lxc moves it; the output says so.
// When giving an alias fails, a copy this command uploaded is deleted.
//
// RESULT fields: IMAGE (as given), FINGERPRINT, FROM and TO (the
// remotes), ALIASES (the copy's aliases, blank-separated), SIZE (bytes),
// CHANGED (1 when the image was sent or an alias made or moved).
func (e *view) copyImage(ctx context.Context, args cmdArgs, res *result) error {
	ref, to := args["image"], strings.TrimSuffix(args["to"], ":")
	res.set("IMAGE", args["image"])
	res.set("FINGERPRINT", "")
	res.set("FROM", e.remoteLabel())
	res.set("TO", to)
	res.set("ALIASES", "")
	res.set("SIZE", "")
	if ref == "" {
		return &UsageError{Msg: "image= is empty; give an alias or fingerprint, or REMOTE:IMAGE"}
	}
	if to == "" {
		return &UsageError{Msg: "to= is empty; give the lxc remote to copy the image to (local for this host's daemon)"}
	}
	if strings.Contains(to, ":") {
		return &UsageError{Msg: fmt.Sprintf("to=%s: give a remote name, e.g. to=cluster", args["to"])}
	}
	alias, hasAlias := args["alias"]
	if hasAlias {
		if err := checkAlias("alias", alias); err != nil {
			return err
		}
	}
	src := e
	if r, img, ok := strings.Cut(ref, ":"); ok {
		if r == "" || img == "" {
			return &UsageError{Msg: fmt.Sprintf("image=%s: give IMAGE or REMOTE:IMAGE", ref)}
		}
		v, err := e.on(ctx, r, "")
		if err != nil {
			return err
		}
		v.out = e.out // the caller's streams, for progress
		src, ref = v, img
		res.set("FROM", r)
	}
	dst, err := e.on(ctx, to, "")
	if err != nil {
		return err
	}
	dst.out = e.out
	if src.remoteLabel() == dst.remoteLabel() && src.lxd().Project() == dst.lxd().Project() {
		return &UsageError{Msg: fmt.Sprintf("image=%s and to=%s are the same server and project; give another remote in to=", args["image"], to)}
	}

	img, err := src.findImage(ctx, ref)
	if err != nil {
		return err
	}
	fp := img.Fingerprint
	res.set("FINGERPRINT", fp)
	res.set("SIZE", strconv.FormatInt(img.Size, 10))
	aliases := []string{alias}
	if !hasAlias {
		aliases = strings.Fields(aliasNames(img))
	}

	sent := false
	if _, err := dst.lxd().GetImage(ctx, fp); lxdapi.IsNotFound(err) {
		if err := dst.relayImage(ctx, src, img, to); err != nil {
			return err
		}
		sent = true
	} else if err != nil {
		return err
	}

	var added, moved []string
	changed := false // an alias was made or moved
	for _, a := range aliases {
		had, err := dst.lxd().GetImageAlias(ctx, a)
		switch {
		case err == nil && had.Target == fp:
			continue
		case err == nil:
			err = dst.lxd().SetImageAlias(ctx, a, fp, had.Description)
			moved = append(moved, fmt.Sprintf("%s (from %s)", a, shortFP(had.Target)))
		case lxdapi.IsNotFound(err):
			err = dst.lxd().CreateImageAlias(ctx, a, fp, "")
			added = append(added, a)
		}
		if err != nil {
			err = fmt.Errorf("giving the copy of %s on %s the alias %s: %w", args["image"], to, a, err)
			if sent {
				err = dst.undoImage(ctx, fp, err)
			}
			if len(added)+len(moved) > 0 {
				res.madeChange() // the aliases given before this one stay (or went with the image)
			}
			return err
		}
		changed = true
	}
	if !sent && !changed {
		res.unchanged()
	}
	if now, err := dst.lxd().GetImage(ctx, fp); err == nil {
		res.set("ALIASES", aliasNames(now))
	}

	switch {
	case sent:
		res.output = fmt.Sprintf("copied image %s (%s) to %s", args["image"], shortFP(fp), to)
	default:
		res.output = fmt.Sprintf("%s has image %s (%s) already", to, args["image"], shortFP(fp))
	}
	if len(added) > 0 {
		res.output += "; added alias " + strings.Join(added, ", ")
	}
	if len(moved) > 0 {
		res.output += "; moved alias " + strings.Join(moved, ", ")
	}
	return nil
}

// relayImage sends img from the server of src to the view's server:
// exported there, uploaded here. The upload's fingerprint must be the
// source's; a copy that came out otherwise is deleted.
func (e *view) relayImage(ctx context.Context, src *view, img *lxdapi.Image, to string) error {
	f, err := src.lxd().ExportImage(ctx, img.Fingerprint)
	if err != nil {
		return fmt.Errorf("reading image %s from %s: %w", shortFP(img.Fingerprint), src.remoteLabel(), err)
	}
	defer f.Body.Close()
	fp, err := e.makeImage(ctx, shortFP(img.Fingerprint), func(ctx context.Context) (*lxdapi.Operation, error) {
		// LXD answers the upload once it has the whole image.
		stop := e.showElapsed(ctx, shortFP(img.Fingerprint), "sending the image to "+to)
		defer stop()
		return e.lxd().UploadImage(ctx, f, img.Public, img.Properties)
	})
	if err != nil {
		return fmt.Errorf("copying image %s to %s: %w", shortFP(img.Fingerprint), to, err)
	}
	if fp != img.Fingerprint {
		return e.undoImage(ctx, fp, fmt.Errorf("copying image %s to %s: the copy's fingerprint is %s", shortFP(img.Fingerprint), to, shortFP(fp)))
	}
	return nil
}
