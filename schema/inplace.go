package schema

// ApplyInPlace applies one change to s, changing s, without the
// consistency check Apply makes once at the end. It is for walking a
// migration change by change, where the state between two changes of one
// step need not be consistent on its own; the runtime compiles each change
// against the state before it this way.
func ApplyInPlace(s *Snapshot, c Change) error {
	if err := Complete(c); err != nil {
		return err
	}
	return apply(s, c)
}
