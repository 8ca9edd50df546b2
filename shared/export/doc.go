// Package export builds the evidence export of an audit period: one zip, streamed pack by pack, with the
// member packs as they are in the store, per-control folders that reference the packs behind each control,
// a printable summary, an OSCAL 1.1 assessment-results document, and a signed export manifest that pins all
// of it. Verify checks such a zip offline; Recorder writes the access record (who exported or downloaded
// what, and when) that every export and download leaves in the evidence store.
package export
