package lxd

import (
	"context"
	"fmt"
	"sort"
	"strconv"

	"github.com/rexxlxd/rexxlxd/address/lxd/lxdapi"
)

// isCoW reports whether copies of instances on pool are copy-on-write
// clones: btrfs and ZFS snapshots, LVM thin volumes (LVM's default),
// ceph RBD clones. A dir pool (and thick LVM) copies every file.
func isCoW(pool *lxdapi.StoragePool) bool {
	switch pool.Driver {
	case "btrfs", "zfs", "ceph":
		return true
	case "lvm":
		v := pool.Config["lvm.use_thinpool"]
		return v == "" || v == "true"
	}
	return false
}

// storage lists the storage pools: storage.
//
// RESULT fields: COUNT and RESULT.0; RESULT.i.NAME, RESULT.i.DRIVER,
// RESULT.i.USED and RESULT.i.TOTAL (bytes, ” when the driver does not
// say), RESULT.i.COW (1 when clones on it are copy-on-write). Pools are
// sorted by name.
func (e *view) storage(ctx context.Context, _ cmdArgs, res *result) error {
	res.isList = true
	pools, err := e.lxd().ListStoragePools(ctx)
	if err != nil {
		return err
	}
	sort.Slice(pools, func(i, j int) bool { return pools[i].Name < pools[j].Name })
	for i := range pools {
		p := &pools[i]
		used, total := "", ""
		if r, err := e.lxd().GetStoragePoolResources(ctx, p.Name); err == nil {
			used, total = strconv.FormatInt(r.Space.Used, 10), strconv.FormatInt(r.Space.Total, 10)
		} else if !lxdapi.IsNotFound(err) && lxdapi.StatusCode(err) == 0 {
			return err // the daemon went away; a driver's refusal is no reason to fail
		}
		res.addRow(
			field{"NAME", p.Name},
			field{"DRIVER", p.Driver},
			field{"USED", used},
			field{"TOTAL", total},
			field{"COW", boolString(isCoW(p))},
		)
	}
	res.set("COUNT", fmt.Sprint(len(res.rows)))
	res.output = fmt.Sprintf("%d storage pool(s)", len(res.rows))
	return nil
}

// cowWarning returns a warning when the instance name lives on a pool
// that is not copy-on-write, so that its clones are full copies; "" when
// it is, or when that cannot be found out (a warning is no reason to fail
// a registration that worked).
func (e *view) cowWarning(ctx context.Context, name string) string {
	inst, err := e.lxd().GetInstance(ctx, name)
	if err != nil {
		return ""
	}
	root := inst.ExpandedDevices["root"]
	if root == nil {
		for _, d := range inst.ExpandedDevices {
			if d["type"] == "disk" && d["path"] == "/" {
				root = d
			}
		}
	}
	if root == nil || root["pool"] == "" {
		return ""
	}
	pool, err := e.lxd().GetStoragePool(ctx, root["pool"])
	if err != nil || isCoW(pool) {
		return ""
	}
	return fmt.Sprintf("base %s is on storage pool %s (driver %s), which is not copy-on-write: every clone is a full copy and slow; use a btrfs, zfs or thin lvm pool",
		name, pool.Name, pool.Driver)
}
