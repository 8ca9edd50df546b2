// Package cbom builds a Cryptography Bill of Materials (CycloneDX 1.6) from a scan: one cryptographic-asset
// component per algorithm and parameter set found, with every occurrence as evidence, its primitive, OID,
// classical security level and NIST quantum security category, so that the inventory PCI DSS 4.0 12.3.3 asks
// for can be kept and reviewed.
package cbom

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/attestdev/attest/shared/finding"
)

// algorithm is what is known of one algorithm family.
type algorithm struct {
	name      string // canonical name
	primitive cdx.CryptoPrimitive
	oid       string
	// classical is the classical security level in bits when it does not depend on a parameter; -1 otherwise.
	classical int
	// quantum is the NIST post-quantum security category (0 for algorithms Shor's algorithm breaks).
	quantum int
	keyed   bool // the key size is the parameter set
}

// algorithms maps a normalised algorithm name (lower case, no punctuation) to its facts. Sources: the OID
// registry (RFC 8017, RFC 5480, RFC 8410, RFC 3279, FIPS 203/204 OIDs), NIST SP 800-57 Part 1 Rev. 5 table 2
// for classical security levels, and NIST's post-quantum categories (AES-128 key search = 1, SHA-256 collision
// = 2, AES-192 = 3, SHA-384 = 4, AES-256 = 5).
func algorithms() map[string]algorithm {
	list := []algorithm{
		{"MD5", cdx.CryptoPrimitiveHash, "1.2.840.113549.2.5", 0, 0, false},
		{"MD4", cdx.CryptoPrimitiveHash, "1.2.840.113549.2.4", 0, 0, false},
		{"MD2", cdx.CryptoPrimitiveHash, "1.2.840.113549.2.2", 0, 0, false},
		{"SHA-1", cdx.CryptoPrimitiveHash, "1.3.14.3.2.26", 0, 0, false},
		{"MD5+SHA-1", cdx.CryptoPrimitiveHash, "", 0, 0, false},
		{"RIPEMD-160", cdx.CryptoPrimitiveHash, "1.3.36.3.2.1", 80, 0, false},
		{"SHA-256", cdx.CryptoPrimitiveHash, "2.16.840.1.101.3.4.2.1", 128, 2, false},
		{"SHA-384", cdx.CryptoPrimitiveHash, "2.16.840.1.101.3.4.2.2", 192, 4, false},
		{"SHA-512", cdx.CryptoPrimitiveHash, "2.16.840.1.101.3.4.2.3", 256, 5, false},
		{"DES", cdx.CryptoPrimitiveBlockCipher, "1.3.14.3.2.7", 56, 0, false},
		{"3DES", cdx.CryptoPrimitiveBlockCipher, "1.2.840.113549.3.7", 112, 0, false},
		{"RC2", cdx.CryptoPrimitiveBlockCipher, "1.2.840.113549.3.2", -1, 0, true},
		{"RC4", cdx.CryptoPrimitiveStreamCipher, "1.2.840.113549.3.4", 0, 0, false},
		{"Blowfish", cdx.CryptoPrimitiveBlockCipher, "1.3.6.1.4.1.3029.1.2", -1, 0, true},
		{"IDEA", cdx.CryptoPrimitiveBlockCipher, "1.3.6.1.4.1.188.7.1.1.2", 128, 0, false},
		{"CAST5", cdx.CryptoPrimitiveBlockCipher, "1.2.840.113533.7.66.10", -1, 0, true},
		{"SEED", cdx.CryptoPrimitiveBlockCipher, "1.2.410.200004.1.4", 128, 1, false},
		{"AES", cdx.CryptoPrimitiveBlockCipher, "2.16.840.1.101.3.4.1", -1, 1, true},
		{"RSA", cdx.CryptoPrimitivePKE, "1.2.840.113549.1.1.1", -1, 0, true},
		{"DSA", cdx.CryptoPrimitiveSignature, "1.2.840.10040.4.1", -1, 0, true},
		{"DH", cdx.CryptoPrimitiveKeyAgree, "1.2.840.113549.1.3.1", -1, 0, true},
		{"ECDSA", cdx.CryptoPrimitiveSignature, "1.2.840.10045.2.1", -1, 0, true},
		{"ECDH", cdx.CryptoPrimitiveKeyAgree, "1.3.132.1.12", -1, 0, true},
		{"Ed25519", cdx.CryptoPrimitiveSignature, "1.3.101.112", 128, 0, false},
		{"Ed448", cdx.CryptoPrimitiveSignature, "1.3.101.113", 224, 0, false},
		{"X25519", cdx.CryptoPrimitiveKeyAgree, "1.3.101.110", 128, 0, false},
		{"X448", cdx.CryptoPrimitiveKeyAgree, "1.3.101.111", 224, 0, false},
		{"ML-KEM-768", cdx.CryptoPrimitiveKEM, "2.16.840.1.101.3.4.4.2", 192, 3, false},
		{"ML-DSA-65", cdx.CryptoPrimitiveSignature, "2.16.840.1.101.3.4.3.18", 192, 3, false},
	}
	out := make(map[string]algorithm, len(list)+8)
	for _, a := range list {
		out[normalise(a.name)] = a
	}
	for alias, name := range map[string]string{"sha1": "SHA-1", "tripledes": "3DES", "desede": "3DES", "des3": "3DES",
		"arc4": "RC4", "arcfour": "RC4", "ecc": "ECDSA", "ec": "ECDSA", "eddsa": "Ed25519", "diffiehellman": "DH",
		"xdh": "X25519", "cast128": "CAST5", "bf": "Blowfish", "rsapss": "RSA", "rsaoaep": "RSA"} {
		out[alias] = out[normalise(name)]
	}
	return out
}

func normalise(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// classicalFor is the classical security level of a keyed algorithm at a key size, per SP 800-57 table 2.
func classicalFor(a algorithm, bits int) int {
	switch a.primitive {
	case cdx.CryptoPrimitiveBlockCipher, cdx.CryptoPrimitiveStreamCipher:
		return bits
	}
	if a.name == "ECDSA" || a.name == "ECDH" {
		return bits / 2
	}
	switch { // RSA, DSA, DH moduli
	case bits >= 15360:
		return 256
	case bits >= 7680:
		return 192
	case bits >= 3072:
		return 128
	case bits >= 2048:
		return 112
	case bits >= 1024:
		return 80
	}
	return 0
}

// Options name the BOM's subject.
type Options struct {
	Subject string // the repository or directory
	Version string // the tool version
	Now     time.Time
}

type asset struct {
	alg       algorithm
	name      string
	param     string
	mode      string
	curve     string
	classes   map[string]bool
	occurs    []cdx.EvidenceOccurrence
	keySize   int
	component string
}

// Build makes the CBOM of a scan's cryptography findings.
func Build(rep *finding.Report, o Options) (*cdx.BOM, error) {
	known := algorithms()
	classOf := map[string]string{}
	for _, r := range rep.Rules {
		classOf[r.ID] = r.Class
	}
	assets := map[string]*asset{}
	for _, f := range rep.Findings {
		class := classOf[f.RuleID]
		if !strings.HasPrefix(class, "crypto/") {
			continue
		}
		name := f.Props["algorithm"]
		if name == "" {
			continue
		}
		alg, ok := known[normalise(name)]
		if !ok {
			alg = algorithm{name: name, primitive: cdx.CryptoPrimitiveUnknown, classical: -1}
		}
		a := &asset{alg: alg, name: alg.name, mode: strings.ToLower(f.Props["mode"]), curve: f.Props["curve"]}
		if ks, err := strconv.Atoi(f.Props["keySize"]); err == nil && ks > 0 {
			a.keySize, a.param = ks, strconv.Itoa(ks)
		}
		if a.curve != "" {
			a.param = a.curve
		}
		ref := "crypto/algorithm/" + normalise(a.name)
		for _, s := range []string{a.param, a.mode} {
			if s != "" {
				ref += "-" + normalise(s)
			}
		}
		if prev, ok := assets[ref]; ok {
			a = prev
		} else {
			a.classes, a.component = map[string]bool{}, ref
			assets[ref] = a
		}
		a.classes[class] = true
		line := f.Line
		a.occurs = append(a.occurs, cdx.EvidenceOccurrence{Location: f.Path, Line: &line, AdditionalContext: f.RuleID + ": " + f.Props["api"]})
	}
	refs := make([]string, 0, len(assets))
	for r := range assets {
		refs = append(refs, r)
	}
	sort.Strings(refs)
	components := make([]cdx.Component, 0, len(refs))
	byClass := map[string]int{}
	for _, r := range refs {
		a := assets[r]
		classical := a.alg.classical
		if classical < 0 && a.keySize > 0 {
			classical = classicalFor(a.alg, a.keySize)
		}
		quantum := a.alg.quantum
		if a.alg.name == "AES" && a.keySize > 0 { // AES-128/192/256: categories 1/3/5
			quantum = map[int]int{128: 1, 192: 3, 256: 5}[a.keySize]
		}
		props := &cdx.CryptoAlgorithmProperties{Primitive: a.alg.primitive, ParameterSetIdentifier: a.param, Curve: a.curve,
			NistQuantumSecurityLevel: &quantum}
		if classical >= 0 {
			c := classical
			props.ClassicalSecurityLevel = &c
		}
		if a.mode != "" {
			props.Mode = cdx.CryptoAlgorithmMode(a.mode)
		}
		classes := make([]string, 0, len(a.classes))
		for c := range a.classes {
			classes = append(classes, c)
			byClass[c] += len(a.occurs)
		}
		sort.Strings(classes)
		occ := a.occurs
		sort.SliceStable(occ, func(i, j int) bool {
			if occ[i].Location != occ[j].Location {
				return occ[i].Location < occ[j].Location
			}
			return *occ[i].Line < *occ[j].Line
		})
		name := a.name
		if a.param != "" {
			name += "-" + a.param
		}
		components = append(components, cdx.Component{
			BOMRef: a.component, Type: cdx.ComponentTypeCryptographicAsset, Name: name,
			CryptoProperties: &cdx.CryptoProperties{AssetType: cdx.CryptoAssetTypeAlgorithm, AlgorithmProperties: props, OID: a.alg.oid},
			Evidence:         &cdx.Evidence{Occurrences: &occ},
			Properties:       &[]cdx.Property{{Name: "attest:classes", Value: strings.Join(classes, ",")}},
		})
	}
	bom := cdx.NewBOM()
	bom.SerialNumber = ""
	bom.Metadata = &cdx.Metadata{
		Timestamp: o.Now.UTC().Format(time.RFC3339),
		Tools:     &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "attest", Version: o.Version}}},
		Component: &cdx.Component{Type: cdx.ComponentTypeApplication, Name: o.Subject, BOMRef: "subject"},
		Properties: &[]cdx.Property{{Name: "attest:inventory", Value: "algorithms found by the scan's cryptography rules; " +
			"uses of algorithms no rule flags (AES-GCM, SHA-256, ML-KEM) are not listed yet"}},
	}
	classes := make([]string, 0, len(byClass))
	for c := range byClass {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, c := range classes {
		*bom.Metadata.Properties = append(*bom.Metadata.Properties, cdx.Property{Name: "attest:occurrences:" + c, Value: strconv.Itoa(byClass[c])})
	}
	bom.Components = &components
	return bom, nil
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

// Summary is the readiness of one subject: uses by class.
func Summary(bom *cdx.BOM) map[string]int {
	out := map[string]int{}
	if bom.Metadata == nil || bom.Metadata.Properties == nil {
		return out
	}
	for _, p := range *bom.Metadata.Properties {
		if c, ok := strings.CutPrefix(p.Name, "attest:occurrences:"); ok {
			n, _ := strconv.Atoi(p.Value)
			out[c] = n
		}
	}
	return out
}
