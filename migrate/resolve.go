package migrate

// Resolve returns the id that rev names among migrations, read as UpTo
// and the commands read it: an id, a unique prefix of one, "head", Base,
// or a position such as "head~1" or "-2". It is for tools that hold a
// migration set's graph but no database, such as migragen squash; the
// migrations need only their ids, parents and dependencies.
func Resolve(migrations []Migration, rev string) (string, error) {
	g, err := newGraph(migrations)
	if err != nil {
		return "", err
	}
	return g.resolve(rev)
}
