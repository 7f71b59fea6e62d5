package lxd

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// configPrefix is the key prefix (a key family, see command.families) that passes an LXD
// config key through create and register_base: config.environment.FOO=bar
// sets environment.FOO.
const configPrefix = "config."

// applyConfigKeys copies the config.KEY=VALUE arguments into config.
// rexxlxd's own user.rexxlxd.* keys are refused: they would forge a base
// or a clone's origin.
func applyConfigKeys(config map[string]string, args cmdArgs) error {
	keys := prefixed(args, configPrefix)
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, key := range names {
		if err := checkConfigKey(configPrefix+key, key); err != nil {
			return err
		}
		config[key] = keys[key]
	}
	return nil
}

// checkConfigKey refuses config keys rexxlxd manages itself.
func checkConfigKey(given, key string) error {
	if strings.HasPrefix(key, "user.rexxlxd.") {
		return &UsageError{Msg: fmt.Sprintf("%s: user.rexxlxd.* keys are rexxlxd's own; use register_base to make a base", given)}
	}
	if strings.TrimSpace(key) == "" || strings.ContainsAny(key, " \t") {
		return &UsageError{Msg: fmt.Sprintf("%s is no config key", given)}
	}
	return nil
}

// configTarget reads name= and key= of set and unset: it sets CONTAINER,
// and KEY, checks both, and returns the instance as it is now.
func (e *view) configTarget(ctx context.Context, args cmdArgs, res *result) (inst *lxdapi.Instance, name, key string, err error) {
	name, key = args["name"], args["key"]
	res.set("CONTAINER", name)
	res.set("KEY", key)
	if err := checkInstanceName("name", name); err != nil {
		return nil, "", "", usage(err)
	}
	if err := checkConfigKey("key="+key, key); err != nil {
		return nil, "", "", err
	}
	if inst, err = e.lxd().GetInstance(ctx, name); err != nil {
		return nil, "", "", notFound(name, err)
	}
	return inst, name, key, nil
}

// set sets one config key of an instance: set name= key= value=. It is a
// PATCH, so other keys stay as they are; LXD validates key and value and
// applies what it can to a running instance at once (limits.memory, ...).
//
// RESULT fields: CONTAINER, KEY, VALUE, CHANGED (0 when the key already
// had this value; nothing is sent then).
func (e *view) set(ctx context.Context, args cmdArgs, res *result) error {
	value := args["value"]
	res.set("VALUE", value)
	inst, name, key, err := e.configTarget(ctx, args, res)
	if err != nil {
		return err
	}
	if old, ok := inst.Config[key]; ok && old == value {
		res.unchanged()
		res.output = fmt.Sprintf("%s of %s is already %s", key, name, value)
		return nil
	}
	if err := e.lxd().PatchInstance(ctx, name, map[string]any{"config": map[string]string{key: value}, "description": inst.Description}); err != nil {
		return fmt.Errorf("setting %s of %s: %w", key, name, err)
	}
	res.output = fmt.Sprintf("set %s of %s to %s", key, name, value)
	return nil
}

// unset removes one config key of an instance: unset name= key=. A key
// that is not set is no error (CHANGED 0).
//
// RESULT fields: CONTAINER, KEY, CHANGED.
func (e *view) unset(ctx context.Context, args cmdArgs, res *result) error {
	inst, name, key, err := e.configTarget(ctx, args, res)
	if err != nil {
		return err
	}
	if _, ok := inst.Config[key]; !ok {
		res.unchanged()
		res.output = fmt.Sprintf("%s of %s is not set", key, name)
		return nil
	}
	// A PUT with the key left out removes it; the ETag refuses to
	// overwrite a change made meanwhile.
	put := inst.Writable()
	delete(put.Config, key)
	if err := e.lxd().UpdateInstance(ctx, name, put, inst.ETag); err != nil {
		return fmt.Errorf("unsetting %s of %s: %w", key, name, err)
	}
	res.output = fmt.Sprintf("unset %s of %s", key, name)
	return nil
}
