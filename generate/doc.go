// Package generate keeps a migrations directory in step with the models:
// it loads and verifies the directory (Load), works out what the models
// change (Plan) and writes a new revision (Generate).
//
// A migrations directory holds:
//
//   - schema.json, the head snapshot (schema.Encode);
//   - one <id>.go file per revision (render.Migration);
//   - migrations.go, the index listing the revisions in graph order;
//   - migragen.sum, the commit record: a first line "h1:<total>" and one
//     line "<file> h1:<hash>" per migration file, sorted by name, where a
//     hash is the base64 SHA-256 of the file and the total hashes the
//     lines that follow it. It is written last, so a set without a
//     matching sum is a half-written one.
//
// Every file is written atomically (a temporary file in the same directory
// renamed over the target), and an error before the sum is written removes
// the files the run created.
package generate
