package lxd

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// Profiles are LXD's shared configuration: config keys and devices that
// every instance made with profile= (create) gets, changed in one place.
// The commands here make, change, delete and list them, in the project of
// the command like everything else (remote=, project=). A profile
// change reaches the instances that use it at once: LXD applies it to
// each, running or stopped, before it answers.

// maxProfileName bounds a profile name as instance names are bounded.
const maxProfileName = 63

// checkProfileName checks a profile name before it reaches a URL or a
// profile= list: 1 to 63 characters, ASCII letters, digits, '-', '_' and
// '.', starting with a letter or digit. LXD itself refuses only '/', so
// lxc can make profiles these commands cannot name ("my profile"); the
// stricter rule keeps names out of the way of create's comma-separated
// profile= and of blanks, and look-alike letters out of names a script
// compares.
func checkProfileName(key, name string) error {
	switch {
	case name == "":
		return &UsageError{Msg: fmt.Sprintf("%s= is empty; a profile name needs 1 to %d characters", key, maxProfileName)}
	case len(name) > maxProfileName:
		return &UsageError{Msg: fmt.Sprintf("%s=%s is %d characters long; a profile name has at most %d", key, name, len(name), maxProfileName)}
	case !isASCIIAlnum(rune(name[0])):
		return &UsageError{Msg: fmt.Sprintf("%s=%s starts with %q; a profile name starts with a letter or digit", key, name, name[0])}
	}
	for _, r := range name {
		if !isASCIIAlnum(r) && r != '-' && r != '_' && r != '.' {
			return &UsageError{Msg: fmt.Sprintf("%s=%s holds %q; a profile name holds only ASCII letters, digits, '-', '_' and '.'", key, name, r)}
		}
	}
	// A warm pool's claims are profiles (pool_claims.go): changing or
	// deleting one would hand a member to a second script.
	if strings.HasPrefix(name, claimPrefix) {
		return &UsageError{Msg: fmt.Sprintf("%s=%s: %s* profiles are rexxlxd's claims on warm pool members; release name=MEMBER gives one up", key, name, claimPrefix)}
	}
	return nil
}

func isASCIIAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}

// noProfile names the profile when LXD says it is missing.
func noProfile(name string, err error) error {
	if lxdapi.IsNotFound(err) {
		return fmt.Errorf("no profile %s: %w", name, err)
	}
	return err
}

// profileCreate makes a profile: profile_create name= [description=]
// [config.KEY=VALUE ...] [ensure=true]. A taken name is RC 1; with
// ensure=true the existing profile is kept and given the description and
// config keys named here (keys not named stay as they are), so a rerun
// of a script converges on what it says: CHANGED is 1 when anything had
// to change, 0 when the profile was as asked.
//
// RESULT fields: PROFILE, CHANGED.
func (e *view) profileCreate(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("PROFILE", name)
	config := map[string]string{}
	if err := applyConfigKeys(config, args); err != nil {
		return err
	}
	ensure := args.flag("ensure")
	desc, hasDesc := args["description"]
	if ensure {
		p, err := e.lxd().GetProfile(ctx, name)
		if err == nil {
			return e.convergeProfile(ctx, p, config, desc, hasDesc, res)
		}
		if !lxdapi.IsNotFound(err) {
			return fmt.Errorf("reading profile %s: %w", name, err)
		}
	}
	err := e.lxd().CreateProfile(ctx, lxdapi.ProfilesPost{Name: name, Description: desc, Config: config})
	if err != nil {
		if !lxdapi.IsConflict(err) {
			return fmt.Errorf("creating profile %s: %w", name, err)
		}
		if !ensure {
			return fmt.Errorf("profile %s exists already (ensure=true keeps it and sets the keys given): %w", name, err)
		}
		// Made by someone else between the look and the create.
		p, gerr := e.lxd().GetProfile(ctx, name)
		if gerr != nil {
			return fmt.Errorf("reading profile %s: %w", name, gerr)
		}
		return e.convergeProfile(ctx, p, config, desc, hasDesc, res)
	}
	res.output = "created profile " + name
	return nil
}

// convergeProfile gives the existing profile p the config keys and (when
// hasDesc) the description of a profile_create ensure=true, in one PATCH
// of what differs, or none when nothing does.
func (e *view) convergeProfile(ctx context.Context, p *lxdapi.Profile, config map[string]string, desc string, hasDesc bool, res *result) error {
	patch := lxdapi.ProfilePatch{}
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(config)) {
		if old, ok := p.Config[k]; !ok || old != config[k] {
			if patch.Config == nil {
				patch.Config = map[string]string{}
			}
			patch.Config[k] = config[k]
			changed = append(changed, k)
		}
	}
	if hasDesc && desc != p.Description {
		patch.Description = &desc
		changed = append(changed, "description")
	}
	if len(changed) == 0 {
		res.unchanged()
		res.output = "profile " + p.Name + " exists already as asked"
		return nil
	}
	if err := e.lxd().PatchProfile(ctx, p.Name, patch); err != nil {
		return fmt.Errorf("profile %s exists; setting %s of it: %w", p.Name, strings.Join(changed, ", "), err)
	}
	res.output = fmt.Sprintf("profile %s exists already; set %s", p.Name, strings.Join(changed, ", "))
	return nil
}

// profileTarget reads name= and key= of profile_set and profile_unset:
// it sets PROFILE and KEY, checks the key, and returns the profile as it
// is now.
func (e *view) profileTarget(ctx context.Context, args cmdArgs, res *result) (*lxdapi.Profile, string, error) {
	name, key := args["name"], args["key"]
	res.set("PROFILE", name)
	res.set("KEY", key)
	if err := checkConfigKey("key="+key, key); err != nil {
		return nil, "", err
	}
	p, err := e.lxd().GetProfile(ctx, name)
	if err != nil {
		return nil, "", noProfile(name, err)
	}
	res.set("USEDBY", strconv.Itoa(len(p.UsedBy)))
	return p, key, nil
}

// profileSet sets one config key of a profile: profile_set name= key=
// value=. LXD checks key and value and applies the change to every
// instance that uses the profile (running ones at once, where the key
// allows) before it answers; when it cannot apply it to some of them it
// says which, and the profile keeps the new value. A key that already has
// the value sends nothing (CHANGED 0).
//
// RESULT fields: PROFILE, KEY, VALUE, USEDBY (the number of instances
// that use the profile), CHANGED.
func (e *view) profileSet(ctx context.Context, args cmdArgs, res *result) error {
	value := args["value"]
	res.set("VALUE", value)
	p, key, err := e.profileTarget(ctx, args, res)
	if err != nil {
		return err
	}
	if old, ok := p.Config[key]; ok && old == value {
		res.unchanged()
		res.output = fmt.Sprintf("%s of profile %s is already %s", key, p.Name, value)
		return nil
	}
	if err := e.lxd().PatchProfile(ctx, p.Name, lxdapi.ProfilePatch{Config: map[string]string{key: value}}); err != nil {
		return fmt.Errorf("setting %s of profile %s: %w", key, p.Name, err)
	}
	res.output = fmt.Sprintf("set %s of profile %s to %s%s", key, p.Name, value, usedBy(p))
	return nil
}

// profileUnset removes one config key of a profile: profile_unset name=
// key=. A key that is not set is no error (CHANGED 0).
//
// RESULT fields: PROFILE, KEY, USEDBY, CHANGED.
func (e *view) profileUnset(ctx context.Context, args cmdArgs, res *result) error {
	p, key, err := e.profileTarget(ctx, args, res)
	if err != nil {
		return err
	}
	if _, ok := p.Config[key]; !ok {
		res.unchanged()
		res.output = fmt.Sprintf("%s of profile %s is not set", key, p.Name)
		return nil
	}
	// A PATCH only merges: leaving the key out of a PUT removes it, and
	// the ETag refuses to overwrite a change made meanwhile.
	put := p.Writable()
	put.Config = maps.Clone(p.Config)
	delete(put.Config, key)
	if err := e.lxd().UpdateProfile(ctx, p.Name, put, p.ETag); err != nil {
		if lxdapi.StatusCode(err) == 412 {
			return fmt.Errorf("profile %s was changed by another command meanwhile; nothing was done, try again: %w", p.Name, err)
		}
		return fmt.Errorf("unsetting %s of profile %s: %w", key, p.Name, err)
	}
	res.output = fmt.Sprintf("unset %s of profile %s%s", key, p.Name, usedBy(p))
	return nil
}

// usedBy says, for a message, how many instances a change reached.
func usedBy(p *lxdapi.Profile) string {
	switch n := len(p.UsedBy); n {
	case 0:
		return ""
	case 1:
		return " (used by 1 instance)"
	default:
		return fmt.Sprintf(" (used by %d instances)", n)
	}
}

// profileDelete deletes a profile: profile_delete name= [ensure=true].
// A missing profile is RC 1, or with ensure=true success with CHANGED 0.
// LXD refuses a profile that instances use (the message names them) and
// the default profile.
//
// RESULT fields: PROFILE, CHANGED.
func (e *view) profileDelete(ctx context.Context, args cmdArgs, res *result) error {
	name := args["name"]
	res.set("PROFILE", name)
	ensure := args.flag("ensure")
	err := e.lxd().DeleteProfile(ctx, name)
	switch {
	case err == nil:
		res.output = "deleted profile " + name
		return nil
	case lxdapi.IsNotFound(err) && ensure:
		res.unchanged()
		res.output = "profile " + name + " does not exist"
		return nil
	case lxdapi.IsNotFound(err):
		return fmt.Errorf("no profile %s (ensure=true accepts that): %w", name, err)
	}
	// LXD 5.0 says only "Profile is currently in use": say by whom. (The
	// default profile is refused for what it is, used or not.)
	var le *lxdapi.Error
	inUse := errors.As(err, &le) && strings.Contains(strings.ToLower(le.Message), "in use")
	if p, gerr := e.lxd().GetProfile(ctx, name); inUse && gerr == nil && len(p.UsedBy) > 0 {
		return fmt.Errorf("profile %s is used by %s; delete those instances first: %w",
			name, strings.Join(p.UsedByInstances(e.lxd().Project()), ", "), err)
	}
	return fmt.Errorf("deleting profile %s: %w", name, err)
}

// profiles lists the profiles of the project, sorted by name.
//
// RESULT fields: COUNT and RESULT.0; for each profile RESULT.i.NAME,
// .DESCRIPTION, .USEDBY (the number of instances that use it),
// .INSTANCES (their names, blank-separated; PROJECT/NAME for another
// project's), .CONFIG (its config keys, blank-separated, sorted: values
// may hold blanks, so they are not run together here) and .DEVICES (its
// device names, blank-separated, sorted).
func (e *view) profiles(ctx context.Context, args cmdArgs, res *result) error {
	list, err := e.lxd().ListProfiles(ctx)
	if err != nil {
		return err
	}
	slices.SortFunc(list, func(a, b lxdapi.Profile) int { return strings.Compare(a.Name, b.Name) })
	project := e.lxd().Project()
	for _, p := range list {
		res.addRow(
			field{"NAME", p.Name},
			field{"DESCRIPTION", p.Description},
			field{"USEDBY", strconv.Itoa(len(p.UsedBy))},
			field{"INSTANCES", strings.Join(p.UsedByInstances(project), " ")},
			field{"CONFIG", strings.Join(slices.Sorted(maps.Keys(p.Config)), " ")},
			field{"DEVICES", strings.Join(slices.Sorted(maps.Keys(p.Devices)), " ")},
		)
	}
	res.isList = true
	res.set("COUNT", strconv.Itoa(len(list)))
	res.output = fmt.Sprintf("%d profiles", len(list))
	return nil
}
