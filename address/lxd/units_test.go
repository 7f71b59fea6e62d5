package lxd

import (
	"strings"
	"testing"
)

func TestParseMemory(t *testing.T) {
	good := map[string]string{
		"2GB":    "2GB",
		"2gb":    "2GB",
		"512MB":  "512MB",
		"512mib": "512MiB",
		"2GiB":   "2GiB",
		"1.5GiB": "1610612736B",
		"0.5GB":  "500000000B",
		"64MiB":  "64MiB",
		"50%":    "50%",
		"1TB":    "1TB",
	}
	for in, want := range good {
		got, err := parseMemory(in)
		if err != nil || got != want {
			t.Errorf("parseMemory(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"512":        "needs a unit",
		"2XB":        "unknown unit",
		"GB":         "not a number",
		"-1GB":       "a size must be positive",
		"1e3MB":      "not a number",
		"2KB":        "below the 4MiB",
		"0MB":        "below",
		"150%":       "percentage",
		"abc%":       "percentage",
		"9999999TiB": "too large",
		"":           "needs a unit",
	}
	for in, want := range bad {
		_, err := parseMemory(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseMemory(%q) error = %v, want one containing %q", in, err, want)
		}
	}
}

func TestParseCPUs(t *testing.T) {
	for in, want := range map[string]string{"2": "2", "1": "1", "0-1": "0-1", "0,2": "0,2", "1-3,6": "1-3,6"} {
		if got, err := parseCPUs(in); err != nil || got != want {
			t.Errorf("parseCPUs(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"0", "-1", "two", "", "3-1", "1,,2", "1.5"} {
		if _, err := parseCPUs(in); err == nil {
			t.Errorf("parseCPUs(%q) = nil error, want one", in)
		}
	}
}

func TestParseBoolAndSeconds(t *testing.T) {
	for in, want := range map[string]bool{"true": true, "TRUE": true, "1": true, "yes": true, "false": false, "0": false, "no": false} {
		if got, err := parseBool("start", in); err != nil || got != want {
			t.Errorf("parseBool(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseBool("start", "maybe"); err == nil || !strings.Contains(err.Error(), "start=maybe") {
		t.Errorf("parseBool(maybe) error = %v", err)
	}
	if s, err := parseSeconds("timeout", "1.5"); err != nil || s != 1.5 {
		t.Errorf("parseSeconds(1.5) = %v, %v", s, err)
	}
	for _, in := range []string{"0", "-3", "x", "NaN", "Inf"} {
		if _, err := parseSeconds("timeout", in); err == nil {
			t.Errorf("parseSeconds(%q) = nil error, want one", in)
		}
	}
}

func TestCheckCPUsOn(t *testing.T) {
	two := []int{0, 1}
	for _, in := range []string{"1", "2", "0", "1", "0-1", "0,1", "1-1"} {
		if err := checkCPUsOn(in, two); err != nil {
			t.Errorf("checkCPUsOn(%q, 0-1) = %v, want nil", in, err)
		}
	}
	bad := map[string]string{
		"3":     "only 2 CPU(s) online (0-1)",
		"999":   "only 2 CPU(s)",
		"5-9":   "CPU 9 does not exist on the server (its CPUs: 0-1)",
		"0-999": "CPU 999 does not exist",
		"0,2":   "CPU 2 does not exist",
	}
	for in, want := range bad {
		if err := checkCPUsOn(in, two); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkCPUsOn(%q, 0-1) = %v, want %q", in, err, want)
		}
	}
	// A hole in the online CPUs (CPU 2 offline).
	if err := checkCPUsOn("1-3", []int{0, 1, 3}); err == nil || !strings.Contains(err.Error(), "CPU 2 is not online (its CPUs: 0-1,3)") {
		t.Errorf("checkCPUsOn(1-3, 0,1,3) = %v", err)
	}
	if got := describeCPUs([]int{0, 1, 2, 3, 6, 8, 9}); got != "0-3,6,8-9" {
		t.Errorf("describeCPUs = %q", got)
	}
}

func TestParseMemoryNegative(t *testing.T) {
	for _, in := range []string{"-1GB", "-0.5GiB"} {
		if _, err := parseMemory(in); err == nil || !strings.Contains(err.Error(), "a size must be positive") {
			t.Errorf("parseMemory(%q) error = %v, want 'a size must be positive'", in, err)
		}
	}
}

// TestParseBoolMessageListsWords: the message lists every word parseBool
// accepts, so start=yes working is no surprise after start=maybe failed.
func TestParseBoolMessageListsWords(t *testing.T) {
	_, err := parseBool("start", "maybe")
	for _, w := range []string{"true", "false", "yes", "no", "on", "off", "1", "0"} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("parseBool(maybe) = %v, want it to name %q", err, w)
		}
		if _, err := parseBool("force", w); err != nil {
			t.Errorf("parseBool(%q) = %v", w, err)
		}
	}
}
