// Package evidence writes and verifies evidence packs: a directory of run outputs with a manifest that holds
// the SHA-256 of every file, per-control results, the digest of the previous manifest in each stream the pack
// belongs to (a hash chain, so a removed, replaced or reordered pack is detectable), and a detached signature
// that anyone can check offline with the published public key.
//
// Packs live at packs/<yyyy>/<mm>/<dd>/<pack-id>/ in the evidence store. Every pack also claims the next entry
// of the global chain log (chain/global/<sequence>.json) with a write that never replaces an object, which
// serialises concurrent writers: a writer that loses the race recomputes its chain links and tries again.
package evidence
