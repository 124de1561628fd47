package analyzer

import (
	"sync"
	"testing"
)

// TestTitleConcurrent calls title from several goroutines; with -race it
// fails if title shares state between calls.
func TestTitleConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 1000; j++ {
				if got := title("user profiles"); got != "User Profiles" {
					t.Errorf("title = %q", got)
				}
			}
		}()
	}
	wg.Wait()
}
