package fleet_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/fleet"
)

// TestTargetTimeoutBoundsOpen checks that WithTargetTimeout bounds an
// Open that ignores its context, as an Opener's gorm.Open does while it
// pings an unreachable host.
func TestTargetTimeoutBoundsOpen(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	deaf := fleet.FromDSN("deaf", "unused", func(string) (*gorm.DB, error) {
		<-release // ignores every context, as a ping without one does
		return nil, context.Canceled
	})
	f, err := fleet.New(fleetMigrations(nil), []fleet.Target{deaf}, fleet.WithTargetTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *fleet.Summary)
	go func() { s, _ := f.Up(context.Background()); done <- s }()
	select {
	case s := <-done:
		r := s.Targets[0]
		if r.State != fleet.Failed || !strings.Contains(r.Error, "took longer than the fleet's target timeout (100ms)") {
			t.Errorf("%s: %s", r.State, r.Error)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the run outlasted the target timeout by seconds: Open is not bounded")
	}
}
