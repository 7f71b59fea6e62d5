package lxd

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// memoryUnit is a unit memory= accepts: its size in bytes and the spelling
// LXD's limits.memory parser expects.
type memoryUnit struct {
	bytes int64
	lxd   string
}

// memoryUnits maps the lower-cased unit suffixes memory= accepts to their
// memoryUnit, made on first use. Decimal units are powers of 1000 and
// binary ones powers of 1024, as in LXD.
var memoryUnits = sync.OnceValue(func() map[string]memoryUnit {
	return map[string]memoryUnit{
		"b":   {1, "B"},
		"kb":  {1e3, "kB"},
		"mb":  {1e6, "MB"},
		"gb":  {1e9, "GB"},
		"tb":  {1e12, "TB"},
		"kib": {1 << 10, "KiB"},
		"mib": {1 << 20, "MiB"},
		"gib": {1 << 30, "GiB"},
		"tib": {1 << 40, "TiB"},
	}
})

// minMemory is the smallest memory limit accepted. Below it a container
// cannot even run its init; catching 2KB (meant as 2GB) here beats an OOM
// kill the user has to diagnose.
const minMemory = 4 << 20

// parseMemory validates a memory= value and returns it as LXD's
// limits.memory expects it. Accepted: a whole or decimal number with a unit
// (2GB, 512MB, 2GiB, 1.5GiB; units case-insensitive; GB is 10^9 bytes and
// GiB 2^30, as LXD counts them) or a percentage of host memory (50%). A bare
// number is refused: "512" is too easily meant as megabytes. A decimal
// number is converted to whole bytes, since LXD accepts only whole numbers.
func parseMemory(s string) (string, error) {
	v := strings.TrimSpace(s)
	if strings.HasSuffix(v, "%") {
		p, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil || p <= 0 || p > 100 || math.IsNaN(p) {
			return "", fmt.Errorf("memory=%s is not a percentage between 0 and 100", s)
		}
		return v, nil
	}
	i := len(v)
	for i > 0 && ('a' <= v[i-1]|0x20 && v[i-1]|0x20 <= 'z') {
		i--
	}
	number, unit := v[:i], strings.ToLower(v[i:])
	if unit == "" {
		return "", fmt.Errorf("memory=%s needs a unit, e.g. 512MB, 2GB or 2GiB", s)
	}
	u, ok := memoryUnits()[unit]
	if !ok {
		return "", fmt.Errorf("memory=%s has unknown unit %q; use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB", s, v[i:])
	}
	if strings.HasPrefix(number, "-") {
		return "", fmt.Errorf("memory=%s: a size must be positive, e.g. 512MB", s)
	}
	r, ok := new(big.Rat).SetString(number)
	if !ok || number == "" || strings.ContainsAny(number, "/eE+-") {
		return "", fmt.Errorf("memory=%s: %q is not a number", s, number)
	}
	bytes := new(big.Rat).Mul(r, new(big.Rat).SetInt64(u.bytes))
	if bytes.Cmp(new(big.Rat).SetInt64(minMemory)) < 0 {
		return "", fmt.Errorf("memory=%s is below the 4MiB a container needs to start", s)
	}
	if bytes.Cmp(new(big.Rat).SetInt64(math.MaxInt64)) > 0 {
		return "", fmt.Errorf("memory=%s is too large", s)
	}
	if r.IsInt() {
		return r.Num().String() + u.lxd, nil
	}
	whole := new(big.Int).Quo(bytes.Num(), bytes.Denom())
	return whole.String() + "B", nil
}

// parseCPUs validates a cpus= value for limits.cpu: a count of CPUs (2),
// or a set of CPU numbers to pin to, as LXD takes it (0-1, 0,2, 1-3,6).
func parseCPUs(s string) (string, error) {
	if n, err := strconv.Atoi(s); err == nil {
		if n < 1 {
			return "", fmt.Errorf("cpus=%s: give at least 1 CPU", s)
		}
		return strconv.Itoa(n), nil
	}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, errA := strconv.Atoi(lo)
		if !isRange {
			hi = lo
		}
		b, errB := strconv.Atoi(hi)
		if errA != nil || errB != nil || a < 0 || b < a {
			return "", fmt.Errorf("cpus=%s is neither a CPU count (2) nor a CPU set (0-1 or 0,2)", s)
		}
	}
	return s, nil
}

// cpuRanges returns a cpus= CPU set that parseCPUs accepted as ranges of
// CPU numbers; a count gives nil.
func cpuRanges(s string) [][2]int {
	if _, err := strconv.Atoi(s); err == nil {
		return nil
	}
	var out [][2]int
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, _ := strconv.Atoi(lo)
		b, _ := strconv.Atoi(hi)
		out = append(out, [2]int{a, b})
	}
	return out
}

// checkCPUsOn checks a cpus= value that parseCPUs accepted against the
// online CPUs of the server that is to run the instance: a count must not
// exceed them, and a set may name only CPUs the server has. LXD 5.0
// accepts either silently and then does nothing with it.
func checkCPUsOn(s string, online []int) error {
	have := describeCPUs(online)
	if n, err := strconv.Atoi(s); err == nil {
		if n > len(online) {
			return fmt.Errorf("cpus=%s: the server has only %d CPU(s) online (%s)", s, len(online), have)
		}
		return nil
	}
	for _, r := range cpuRanges(s) {
		if len(online) == 0 || r[1] > online[len(online)-1] {
			return fmt.Errorf("cpus=%s: CPU %d does not exist on the server (its CPUs: %s)", s, r[1], have)
		}
		for id := r[0]; id <= r[1]; id++ {
			if _, found := slices.BinarySearch(online, id); !found {
				return fmt.Errorf("cpus=%s: CPU %d is not online (its CPUs: %s)", s, id, have)
			}
		}
	}
	return nil
}

// describeCPUs writes sorted CPU ids as LXD writes CPU sets: 0-3,6.
func describeCPUs(ids []int) string {
	if len(ids) == 0 {
		return "none"
	}
	var parts []string
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] == ids[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, strconv.Itoa(ids[i]))
		} else {
			parts = append(parts, strconv.Itoa(ids[i])+"-"+strconv.Itoa(ids[j]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// parseBool reads every yes/no key (start=, force=, ...): the one place
// that decides which words are truth values, so every key accepts the
// same ones and the message lists them all.
func parseBool(key, s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "1", "yes", "on":
		return true, nil
	case "false", "0", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%s=%s is not a truth value; use true or false (also accepted: 1 or 0, yes or no, on or off)", key, s)
}

// maxSeconds caps timeouts at a year, far beyond any real use and well
// inside time.Duration's range.
const maxSeconds = 365 * 24 * 3600

// parseSeconds reads a timeout in seconds (whole or decimal, above zero).
func parseSeconds(key, s string) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f <= 0 {
		return 0, fmt.Errorf("%s=%s is not a number of seconds above 0", key, s)
	}
	if f > maxSeconds {
		return 0, fmt.Errorf("%s=%s is more than a year", key, s)
	}
	return f, nil
}
