package main

import (
	"context"
	"errors"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/rexxlxd/rexxlxd"
	"github.com/rexxlxd/rexxlxd/interp"
	"github.com/rexxlxd/rexxlxd/parser"
)

// takenSignal makes interruptTaken report on the returned channel for
// the rest of the test.
func takenSignal(t *testing.T) <-chan struct{} {
	taken := make(chan struct{}, 1)
	interruptTaken = func() { taken <- struct{}{} }
	t.Cleanup(func() { interruptTaken = nil })
	return taken
}

// TestHaltOnInterrupt: once the delay is over, SIGINT to the process is
// the HALT condition (Error 4) in the running program.
func TestHaltOnInterrupt(t *testing.T) {
	taken := takenSignal(t)
	in, _ := rexxlxd.New(rexxlxd.Options{})
	in.Stdout, in.Stderr = io.Discard, io.Discard
	prog, err := parser.Parse("loop.rexx", "do forever; nop; end")
	if err != nil {
		t.Fatal(err)
	}
	stop := haltOnInterrupt(in, 5*time.Millisecond)
	defer stop()
	done := make(chan error, 1)
	go func() {
		_, err := in.Run(context.Background(), prog)
		done <- err
	}()
	select {
	case <-taken:
	case <-time.After(10 * time.Second):
		in.Halt()
		t.Fatal("SIGINT not taken 10s after a delay of 5ms")
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		var e *interp.Error
		if !errors.As(err, &e) || e.Err.Code != 4 {
			t.Errorf("program ended with %v, want Error 4 (HALT)", err)
		}
	case <-time.After(10 * time.Second):
		in.Halt()
		t.Fatal("SIGINT did not halt the program")
	}
}

// TestHaltOnInterruptStopEarly: a program that ends before the delay
// never takes SIGINT, so it never pays for the signal thread.
func TestHaltOnInterruptStopEarly(t *testing.T) {
	taken := takenSignal(t)
	in, _ := rexxlxd.New(rexxlxd.Options{})
	stop := haltOnInterrupt(in, 30*time.Millisecond)
	stop()
	select {
	case <-taken:
		t.Error("SIGINT taken after stop")
	case <-time.After(150 * time.Millisecond):
	}
	stop = haltOnInterrupt(in, 0) // no delay: taken at once
	select {
	case <-taken:
	default:
		t.Error("SIGINT not taken at once with no delay")
	}
	stop()
}
