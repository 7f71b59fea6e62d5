package lxd

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// registerBaseCmd is register_base with its optional keys around
// registerBase: ensure=true leaves a registered, stopped base alone
// (CHANGED 0); prepare='COMMAND' runs a command in the instance before it
// is registered; and a base on a pool that is not copy-on-write gets a
// warning (RESULT.WARNING and a line on the error stream).
func (e *view) registerBaseCmd(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	if args.flag("ensure") && checkInstanceName("name", name) == nil {
		inst, err := e.lxd().GetInstance(ctx, name)
		if err != nil && !lxdapi.IsNotFound(err) {
			return err
		}
		if err == nil && inst.Config[keyBase] == "true" && inst.Status == "Stopped" {
			res.set("CONTAINER", name)
			res.set("BASE", name)
			res.set("BASENAME", name)
			res.set("IMAGE", imageOf(inst))
			res.set("STATUS", inst.Status)
			res.set("CREATED", "0")
			res.unchanged()
			res.output = name + " is a registered base already"
			if w := e.cowWarning(ctx, name); w != "" {
				e.warn(res, w)
			}
			return nil
		}
	}
	var err error
	if _, ok := args["prepare"]; ok {
		err = e.prepareBase(ctx, args, res)
	} else {
		err = e.registerBase(ctx, args, res)
	}
	if err != nil {
		return err
	}
	if w := e.cowWarning(ctx, name); w != "" {
		e.warn(res, w)
	}
	return nil
}

// prepareBase is register_base with prepare='COMMAND': the instance
// (created from image=, default ubuntu:22.04, when missing) is started, the command is run in it
// as execute runs one (/bin/sh -c, as root), and only when it exits 0 is
// the instance stopped cleanly and registered. When the command fails, RC
// is 1, RESULT.STDOUT, STDERR and EXITCODE say why, nothing is
// registered, an instance this command created is deleted again, and one
// that existed is stopped again if this command started it.
func (e *view) prepareBase(ctx context.Context, args cmdArgs, res *result) error {
	name, command := args["name"], args["prepare"]
	res.set("CONTAINER", name)
	res.set("BASE", name)
	res.set("BASENAME", name)
	res.set("IMAGE", args["image"])
	res.set("CREATED", "0")
	res.set("EXITCODE", "")
	res.set("STDOUT", "")
	res.set("STDERR", "")
	if err := checkInstanceName("name", name); err != nil {
		return usage(err)
	}
	if strings.TrimSpace(command) == "" {
		return &UsageError{Msg: "prepare= is empty"}
	}
	created := false
	inst, err := e.lxd().GetInstance(ctx, name)
	switch {
	case lxdapi.IsNotFound(err):
		if _, ok := args["image"]; !ok {
			// As registerBase does: the original's default image.
			args = maps.Clone(args)
			args["image"] = defaultBaseImage
			res.set("IMAGE", defaultBaseImage)
		}
		req, err := e.instanceRequest(ctx, name, args, res)
		if err != nil {
			return err
		}
		if err := e.createInstance(ctx, req); err != nil {
			return err
		}
		created = true
	case err != nil:
		return err
	default:
		// The limits and config.* keys apply before the command runs,
		// as they do to an instance created here.
		config := map[string]string{}
		if err := e.applyLimits(ctx, config, args, res); err != nil {
			return err
		}
		if len(config) > 0 {
			if err := e.lxd().PatchInstance(ctx, name, map[string]any{"config": config, "description": inst.Description}); err != nil {
				return fmt.Errorf("configuring %s: %w", name, err)
			}
		}
	}
	// undo puts things back after a failed step and returns the error.
	started := false
	undo := func(step string, cause error) error {
		if created {
			return e.undoCreate(ctx, name, step, cause)
		}
		if started {
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
			defer cancel()
			if err := waiter(cctx)(e.lxd().StopInstance(cctx, name, true, -1)); err != nil {
				return fmt.Errorf("could not %s: %w; stopping %s again failed too: %v", step, cause, name, err)
			}
		}
		return fmt.Errorf("could not %s, so %s is not registered: %w", step, name, cause)
	}
	err = waiter(ctx)(e.lxd().StartInstance(ctx, name))
	switch {
	case err == nil:
		started = true
	case isAlreadyRunning(err):
	default:
		return undo("start it to prepare it", err)
	}
	stop := e.showElapsed(ctx, name, "running the prepare command")
	out, err := e.lxd().Exec(ctx, name, lxdapi.ExecRequest{Command: []string{"/bin/sh", "-c", command}, MaxOutput: DefaultMaxOutput})
	stop()
	if out != nil {
		res.set("EXITCODE", strconv.Itoa(out.ExitCode))
		res.set("STDOUT", trimNewline(string(out.Stdout)))
		res.set("STDERR", trimNewline(string(out.Stderr)))
		res.set("STDOUTBYTES", strconv.FormatInt(out.StdoutBytes, 10))
		res.set("STDERRBYTES", strconv.FormatInt(out.StderrBytes, 10))
		res.set("TRUNCATED", boolString(out.Truncated()))
	}
	if err == nil && out.ExitCode != 0 {
		err = fmt.Errorf("prepare command exited %d%s", out.ExitCode, lastLine(string(out.Stderr)))
	}
	if err != nil {
		return undo("prepare it", err)
	}
	if err := e.registerBase(ctx, args, res); err != nil {
		if created {
			return e.undoCreate(ctx, name, "register it", err)
		}
		return err
	}
	res.set("CREATED", boolString(created))
	res.output = fmt.Sprintf("prepared and registered %s as a base", name)
	if created {
		res.output = fmt.Sprintf("created base %s from %s, prepared and registered it", name, args["image"])
	}
	return nil
}

// lastLine is ": " and the last non-empty line of s, or "".
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return ": " + l
	}
	return ""
}
