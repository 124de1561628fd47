package migrate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// WithDriftCheck makes Up compare the catalog with what it was when the
// newest applied revision ran, and fail on a difference, before it
// applies anything or when nothing is pending. Each revision applied with
// the option records a fingerprint of the catalog of the migrations'
// tables (their columns, indexes and constraints, read in one query and
// hashed); the check reads it from the version table read Up does anyway
// and takes a fresh one, so it costs one query. It says that something
// changed, not what: Verify (the verify command) lists the differences.
//
// It passes when there is nothing to compare: a newest revision applied
// or stamped without the option, or one this binary does not know
// (WithNewerRevisions), whose tables it cannot name.
func WithDriftCheck() Option { return func(c *config) { c.driftCheck = true } }

// DriftError is Up's error when the catalog's fingerprint differs from the
// one recorded with Revision, the newest applied: when it was applied, or
// when a later rollback left it the newest.
type DriftError struct {
	Revision string
	// Recorded is the fingerprint taken when Revision was applied; Now is
	// the database's.
	Recorded, Now string
}

func (e *DriftError) Error() string {
	return fmt.Sprintf("the database schema changed since the migrations last did (the catalog fingerprint recorded with revision %s, the newest applied, is %s; now it is %s): the migrations' tables were altered by hand or by another tool; run verify (Migrator.Verify) for the details, then fix the database or put the change in a migration", e.Revision, short(e.Recorded), short(e.Now))
}

func short(fp string) string { return fp[:min(len(fp), 12)] }

// fingerprint hashes (SHA-256, hex) the catalog rows of the tables of s
// other than the version table, read through db in one query. The rows
// are sorted again here so that no server collation decides their order.
func (m *Migrator) fingerprint(ctx context.Context, db *gorm.DB, s *schema.Snapshot) (string, error) {
	fp, ok := m.dialect.(dialect.Fingerprinter)
	if !ok {
		return "", fmt.Errorf("migrate.WithDriftCheck: the %s dialect cannot fingerprint its catalog (it has no dialect.Fingerprinter); drop the option", m.dialect.Name())
	}
	var tables []string
	for _, t := range s.Tables {
		if t.Name != m.versions.table {
			tables = append(tables, t.Name)
		}
	}
	q, args := fp.FingerprintQuery(tables)
	var lines []string
	if err := db.WithContext(ctx).Raw(q, args...).Scan(&lines).Error; err != nil {
		return "", fmt.Errorf("reading the catalog for the drift check: %w", err)
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// appliedFingerprint is the fingerprint of the catalog once p's migration
// has run on db, in either direction, or "" without WithDriftCheck.
// p.schema is the schema after it.
func (r *run) appliedFingerprint(ctx context.Context, db *gorm.DB, p *planned) (string, error) {
	if !r.m.cfg.driftCheck {
		return "", nil
	}
	fp, err := r.m.fingerprint(ctx, db, p.schema)
	if err != nil {
		return "", fmt.Errorf("revision %s: %w", p.mig.ID, err)
	}
	return fp, nil
}

// markRolledBack removes p's migration from the version table and, with
// WithDriftCheck, records the catalog as the rollback left it on the
// newest revision still applied, which the next check compares with: the
// fingerprint that revision recorded when it was applied may not fit any
// more, as when the revision rolled back was applied before it (another
// branch of a merged graph), or when an inverse restores a column as a new
// one. Without a revision left there is nothing to record.
func (r *run) markRolledBack(ctx context.Context, db *gorm.DB, p *planned) error {
	v := r.m.versions
	if err := v.delete(ctx, db, p.mig.ID); err != nil {
		return err
	}
	if r.last == nil {
		return nil
	}
	newest := r.last.newest(p.mig.ID)
	if newest == nil {
		return nil
	}
	return r.setFingerprint(ctx, db, p, newest.ID)
}

// setFingerprint records on revision id the fingerprint of the catalog
// after p's migration, with WithDriftCheck.
func (r *run) setFingerprint(ctx context.Context, db *gorm.DB, p *planned, id string) error {
	fp, err := r.appliedFingerprint(ctx, db, p)
	if err != nil || fp == "" {
		return err
	}
	return r.m.versions.setFingerprint(ctx, db, id, fp)
}

// markApplied records p's migration, applied statement by statement, as
// clean, with its fingerprint.
func (r *run) markApplied(ctx context.Context, db *gorm.DB, p *planned) error {
	v := r.m.versions
	if err := v.markClean(ctx, db, p.mig.ID, time.Now(), time.Since(r.started[p.mig.ID])); err != nil {
		return err
	}
	return r.setFingerprint(ctx, db, p, p.mig.ID)
}

// checkDrift is WithDriftCheck's comparison, on the state Up read without
// the lock. A dirty state is left to the locked read to judge. If another
// process applied a revision between the read and the fingerprint, the
// fingerprint is that revision's: on a mismatch the version table is read
// once more and, if its newest revision changed, compared again.
func (m *Migrator) checkDrift(ctx context.Context, st *state) error {
	if !m.cfg.driftCheck {
		return nil
	}
	for try := 0; ; try++ {
		newest := st.newest("")
		if st.dirty != nil || newest == nil || newest.Fingerprint == "" || len(st.unknown) > 0 {
			return nil
		}
		s, err := m.replay(st.appliedSet())
		if err != nil {
			return err
		}
		now, err := m.fingerprint(ctx, m.db, s)
		if err != nil || now == newest.Fingerprint {
			return err
		}
		if try == 0 {
			again, err := m.read(ctx, m.db)
			if err != nil {
				return err
			}
			if n := again.newest(""); n != nil && n.ID != newest.ID {
				st = again
				continue
			}
		}
		return &DriftError{Revision: newest.ID, Recorded: newest.Fingerprint, Now: now}
	}
}

// newest returns the row of the last applied revision other than except,
// or nil.
func (st *state) newest(except string) *record {
	for i := len(st.records) - 1; i >= 0; i-- {
		if r := &st.records[i]; !r.Dirty && r.ID != except {
			return r
		}
	}
	return nil
}
