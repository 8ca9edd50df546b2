// Package cbom builds a Cryptography Bill of Materials (CycloneDX 1.6) from a scan's inventory: one
// cryptographic-asset component per algorithm, protocol and parameter set found, flagged or not, with every
// occurrence as evidence, its primitive, parameters, OID, classical security level and NIST quantum security
// category, so that the inventory PCI DSS 4.0 12.3.3 asks for can be kept and reviewed. Its metadata carries
// the readiness summary of the subject: uses by class, and the share of public-key uses already post-quantum.
package cbom

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/attestdev/attest/shared/crypto"
	"github.com/attestdev/attest/shared/finding"
)

// Options name the BOM's subject.
type Options struct {
	Subject string // the repository or directory
	Version string // the tool version
	Now     time.Time
}

// identity is what makes two uses the same component: the algorithm or protocol and its parameters.
type identity struct {
	kind      finding.AssetKind
	algorithm string
	primitive string
	params    string // parameter set, or key size
	curve     string
	mode      string
	padding   string
	version   string
}

func identityOf(a finding.CryptoAsset) identity {
	id := identity{kind: a.Kind, algorithm: a.Algorithm, primitive: a.Primitive, params: a.ParameterSet,
		curve: a.Curve, mode: a.Mode, padding: a.Padding, version: a.Version}
	if id.params == "" && a.KeySize > 0 {
		id.params = strconv.Itoa(a.KeySize)
	}
	return id
}

// name is the component's name: AES-256-GCM, ML-KEM-768, HMAC-SHA-256, ECDSA-P-256, TLS 1.2.
func (id identity) name() string {
	if id.kind == finding.AssetProtocol {
		n := id.algorithm
		if id.version != "" {
			n += " " + id.version
		}
		if id.params != "" {
			n += " (" + id.params + ")"
		}
		return n
	}
	parts := []string{id.algorithm}
	for _, p := range []string{id.params, id.curve, strings.ToUpper(id.mode), strings.ToUpper(id.padding)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "-")
}

// ref is the component's bom-ref: crypto/algorithm/aes-256-gcm, crypto/protocol/tls-1.2.
func (id identity) ref() string {
	var b strings.Builder
	b.WriteString("crypto/" + string(id.kind) + "/")
	last := byte('/')
	for _, r := range strings.ToLower(id.name()) {
		c := byte('-')
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '+' {
			c = byte(r)
		}
		if c == '-' && (last == '-' || last == '/') {
			continue
		}
		b.WriteByte(c)
		last = c
	}
	return strings.TrimSuffix(b.String(), "-")
}

// component gathers the occurrences of one identity.
type component struct {
	id      identity
	asset   finding.CryptoAsset // the first occurrence, for the facts
	classes map[string]bool
	occurs  []cdx.EvidenceOccurrence
}

// Build makes the CBOM of a scan: one component per algorithm and parameters in the report's assets, with
// every occurrence, and the readiness summary in the metadata.
func Build(rep *finding.Report, o Options) (*cdx.BOM, error) {
	if rep == nil {
		return nil, fmt.Errorf("build CBOM: no report")
	}
	byRef := map[string]*component{}
	var refs []string
	for _, a := range rep.Assets {
		if a.Algorithm == "" {
			continue
		}
		id := identityOf(a)
		ref := id.ref()
		c, ok := byRef[ref]
		if !ok {
			c = &component{id: id, asset: a, classes: map[string]bool{}}
			byRef[ref] = c
			refs = append(refs, ref)
		}
		c.classes[a.Class] = true
		c.occurs = append(c.occurs, occurrence(a))
	}
	slices.Sort(refs)
	components := make([]cdx.Component, 0, len(refs))
	for _, ref := range refs {
		components = append(components, byRef[ref].cdx(ref))
	}
	bom := cdx.NewBOM()
	bom.SerialNumber = ""
	props := []cdx.Property{{Name: "attest:inventory", Value: "every use of cryptography the scan recognised in " +
		"source code and templates, flagged or not; a use the analyzers cannot resolve (an algorithm chosen at run time) is not listed"}}
	props = append(props, ReadinessOf(rep.Assets).Properties()...)
	bom.Metadata = &cdx.Metadata{
		Timestamp:  o.Now.UTC().Format(time.RFC3339),
		Tools:      &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "attest", Version: o.Version}}},
		Component:  &cdx.Component{Type: cdx.ComponentTypeApplication, Name: o.Subject, BOMRef: "subject"},
		Properties: &props,
	}
	bom.Components = &components
	return bom, nil
}

func occurrence(a finding.CryptoAsset) cdx.EvidenceOccurrence {
	line := a.Line
	occ := cdx.EvidenceOccurrence{Location: a.Path, Line: &line, AdditionalContext: a.API}
	if a.Column > 0 {
		off := a.Column - 1 // CycloneDX offsets count from 0 within the line
		occ.Offset = &off
	}
	if a.RuleID != "" {
		occ.AdditionalContext = a.RuleID + ": " + a.API
	}
	return occ
}

// cdxModes are the modes CycloneDX 1.6 names; others are "other".
var cdxModes = map[string]cdx.CryptoAlgorithmMode{"cbc": cdx.CryptoAlgorithmModeCBC, "ecb": cdx.CryptoAlgorithmModeECB,
	"ccm": cdx.CryptoAlgorithmModeCCM, "gcm": cdx.CryptoAlgorithmModeGCM, "cfb": cdx.CryptoAlgorithmModeCFB,
	"ofb": cdx.CryptoAlgorithmModeOFB, "ctr": cdx.CryptoAlgorithmModeCTR}

// cdxPaddings are the paddings CycloneDX 1.6 names; others are "other".
var cdxPaddings = map[string]cdx.CryptoPadding{"pkcs5": cdx.CryptoPaddingPKCS5, "pkcs7": cdx.CryptoPaddingPKCS7,
	"pkcs1v15": cdx.CryptoPaddingPKCS1v15, "oaep": cdx.CryptoPaddingOAEP, "raw": cdx.CryptoPaddingRaw}

// cdxPrimitives are the primitives CycloneDX 1.6 names; others are "unknown".
var cdxPrimitives = map[string]cdx.CryptoPrimitive{
	crypto.PrimitiveAE: cdx.CryptoPrimitiveAE, crypto.PrimitiveBlockCipher: cdx.CryptoPrimitiveBlockCipher,
	crypto.PrimitiveStreamCipher: cdx.CryptoPrimitiveStreamCipher, crypto.PrimitiveHash: cdx.CryptoPrimitiveHash,
	crypto.PrimitiveXOF: cdx.CryptoPrimitiveXOF, crypto.PrimitiveMAC: cdx.CryptoPrimitiveMAC,
	crypto.PrimitiveKDF: cdx.CryptoPrimitiveKDF, crypto.PrimitiveSignature: cdx.CryptoPrimitiveSignature,
	crypto.PrimitiveKEM: cdx.CryptoPrimitiveKEM, crypto.PrimitivePKE: cdx.CryptoPrimitivePKE,
	crypto.PrimitiveKeyAgree: cdx.CryptoPrimitiveKeyAgree,
}

func (c *component) cdx(ref string) cdx.Component {
	occ := c.occurs
	slices.SortStableFunc(occ, func(a, b cdx.EvidenceOccurrence) int {
		if a.Location != b.Location {
			return strings.Compare(a.Location, b.Location)
		}
		return *a.Line - *b.Line
	})
	classes := make([]string, 0, len(c.classes))
	for cl := range c.classes {
		classes = append(classes, cl)
	}
	slices.Sort(classes)
	facts := crypto.AssetFacts(c.asset)
	cp := &cdx.CryptoProperties{OID: facts.OID}
	if c.id.kind == finding.AssetProtocol {
		cp.AssetType = cdx.CryptoAssetTypeProtocol
		pp := &cdx.CryptoProtocolProperties{Type: cdx.CryptoProtocolTypeTLS, Version: c.id.version}
		if c.id.algorithm == "SSL" {
			pp.Type = cdx.CryptoProtocolTypeOther
		}
		if c.id.params != "" {
			var suites []cdx.CipherSuite
			for _, s := range strings.FieldsFunc(c.id.params, func(r rune) bool { return r == ':' || r == ',' }) {
				suites = append(suites, cdx.CipherSuite{Name: s})
			}
			pp.CipherSuites = &suites
		}
		cp.ProtocolProperties = pp
	} else {
		cp.AssetType = cdx.CryptoAssetTypeAlgorithm
		if c.id.kind == finding.AssetMaterial {
			cp.AssetType = cdx.CryptoAssetTypeRelatedCryptoMaterial
		}
		ap := &cdx.CryptoAlgorithmProperties{Primitive: cdx.CryptoPrimitiveUnknown, ParameterSetIdentifier: c.id.params,
			Curve: c.id.curve}
		if p, ok := cdxPrimitives[c.id.primitive]; ok {
			ap.Primitive = p
		}
		if c.id.mode != "" {
			ap.Mode = cdx.CryptoAlgorithmModeOther
			if m, ok := cdxModes[c.id.mode]; ok {
				ap.Mode = m
			}
		}
		if c.id.padding != "" {
			ap.Padding = cdx.CryptoPaddingOther
			if p, ok := cdxPaddings[c.id.padding]; ok {
				ap.Padding = p
			}
		}
		if facts.Classical > 0 {
			v := facts.Classical
			ap.ClassicalSecurityLevel = &v
		}
		if facts.Quantum >= 0 {
			v := facts.Quantum
			ap.NistQuantumSecurityLevel = &v
		}
		cp.AlgorithmProperties = ap
	}
	return cdx.Component{
		BOMRef: ref, Type: cdx.ComponentTypeCryptographicAsset, Name: c.id.name(),
		CryptoProperties: cp,
		Evidence:         &cdx.Evidence{Occurrences: &occ},
		Properties:       &[]cdx.Property{{Name: "attest:classes", Value: strings.Join(classes, ",")}},
	}
}

// Encode renders a BOM as CycloneDX 1.6 JSON.
func Encode(bom *cdx.BOM) ([]byte, error) {
	var buf bytes.Buffer
	enc := cdx.NewBOMEncoder(&buf, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	// EncodeVersion would downgrade cryptographic-asset components to applications (cyclonedx-go v0.12.0
	// does not list the type as supported), so the version is set and the BOM encoded as built, with no 1.7
	// fields in it.
	bom.SpecVersion = cdx.SpecVersion1_6
	if err := enc.Encode(bom); err != nil {
		return nil, fmt.Errorf("encode CBOM: %w", err)
	}
	return buf.Bytes(), nil
}
