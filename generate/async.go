package generate

import "sync"

// async starts f on another goroutine and returns what waits for its
// result, once, however often it is called. Callers defer a call to it as
// well, so that f, which reads what the caller was given, never outlives
// the call: its caller may write those values next.
func async[T any](f func() (T, error)) func() (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	return sync.OnceValues(func() (T, error) {
		r := <-ch
		return r.v, r.err
	})
}
