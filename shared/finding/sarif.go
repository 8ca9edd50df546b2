package finding

import (
	"encoding/json"
	"fmt"
)

// SARIF 2.1.0 documents, limited to the parts Attest writes and reads back.

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// SARIFLog is a SARIF 2.1.0 log.
type SARIFLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []SARIFRun `json:"runs"`
}

// SARIFRun is one run of one tool.
type SARIFRun struct {
	Tool        SARIFTool         `json:"tool"`
	Invocations []SARIFInvocation `json:"invocations"`
	Results     []SARIFResult     `json:"results"`
}

// SARIFTool names the tool and its rules.
type SARIFTool struct {
	Driver SARIFDriver `json:"driver"`
}

// SARIFDriver is the tool's component.
type SARIFDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []SARIFRule `json:"rules"`
}

// SARIFText is a message or description.
type SARIFText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

// SARIFRule is a reportingDescriptor.
type SARIFRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name,omitempty"`
	ShortDescription     SARIFText         `json:"shortDescription"`
	FullDescription      SARIFText         `json:"fullDescription"`
	Help                 SARIFText         `json:"help"`
	HelpURI              string            `json:"helpUri,omitempty"`
	DefaultConfiguration SARIFRuleConfig   `json:"defaultConfiguration"`
	Properties           SARIFRuleProperty `json:"properties"`
}

// SARIFRuleConfig holds the rule's default level.
type SARIFRuleConfig struct {
	Level Level `json:"level"`
}

// SARIFRuleProperty carries the contract's tags.
type SARIFRuleProperty struct {
	Tags       []string `json:"tags"`
	Precision  string   `json:"precision,omitempty"`
	Confidence string   `json:"confidence,omitempty"`
}

// SARIFInvocation records whether the run finished and what it could not do.
type SARIFInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []SARIFNotification `json:"toolExecutionNotifications,omitempty"`
}

// SARIFNotification is a note about the run itself, such as a skipped file.
type SARIFNotification struct {
	Level     Level           `json:"level"`
	Message   SARIFText       `json:"message"`
	Locations []SARIFLocation `json:"locations,omitempty"`
}

// SARIFResult is one finding.
type SARIFResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               Level             `json:"level"`
	Message             SARIFText         `json:"message"`
	Locations           []SARIFLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]string `json:"properties,omitempty"`
	// Suppressions is present only on suppressed results: a consumer reads an absent list as "not suppressed".
	Suppressions []SARIFSuppression `json:"suppressions,omitempty"`
}

// SARIFLocation is where a result is.
type SARIFLocation struct {
	PhysicalLocation SARIFPhysical  `json:"physicalLocation"`
	LogicalLocations []SARIFLogical `json:"logicalLocations,omitempty"`
}

// SARIFPhysical is a file and region.
type SARIFPhysical struct {
	ArtifactLocation SARIFArtifact `json:"artifactLocation"`
	Region           *SARIFRegion  `json:"region,omitempty"`
}

// SARIFArtifact is a file relative to the scanned root.
type SARIFArtifact struct {
	URI string `json:"uri"`
}

// SARIFRegion is a position in a file.
type SARIFRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// SARIFLogical is a named thing, such as a CloudFormation resource.
type SARIFLogical struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

// ToolInfo names the producing tool.
type ToolInfo struct {
	Name    string
	Version string
	URI     string
}

// SARIF renders the report as a SARIF 2.1.0 log. A finding whose rule is not in the report is an error:
// every result must be explained by a rule.
func (r *Report) SARIF(tool ToolInfo) (*SARIFLog, error) {
	index := make(map[string]int, len(r.Rules))
	driver := SARIFDriver{Name: tool.Name, Version: tool.Version, InformationURI: tool.URI, Rules: []SARIFRule{}}
	for i, rule := range r.Rules {
		index[rule.ID] = i
		help := rule.Remediation
		if help == "" {
			help = rule.Description
		}
		driver.Rules = append(driver.Rules, SARIFRule{
			ID:                   rule.ID,
			Name:                 rule.Title,
			ShortDescription:     SARIFText{Text: rule.Title},
			FullDescription:      SARIFText{Text: rule.Description},
			Help:                 SARIFText{Text: help},
			HelpURI:              rule.HelpURI,
			DefaultConfiguration: SARIFRuleConfig{Level: rule.Level},
			Properties:           SARIFRuleProperty{Tags: rule.Tags(), Precision: precision(rule.Confidence), Confidence: rule.Confidence},
		})
	}
	run := SARIFRun{Tool: SARIFTool{Driver: driver}, Results: []SARIFResult{}}
	inv := SARIFInvocation{ExecutionSuccessful: true}
	for _, s := range r.Skipped {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, SARIFNotification{
			Level:     LevelWarning,
			Message:   SARIFText{Text: "not scanned: " + s.Reason},
			Locations: []SARIFLocation{{PhysicalLocation: SARIFPhysical{ArtifactLocation: SARIFArtifact{URI: s.Path}}}},
		})
	}
	run.Invocations = []SARIFInvocation{inv}
	for _, f := range r.Findings {
		i, ok := index[f.RuleID]
		if !ok {
			return nil, fmt.Errorf("finding at %s:%d names rule %q, which the report does not define", f.Path, f.Line, f.RuleID)
		}
		loc := SARIFLocation{PhysicalLocation: SARIFPhysical{ArtifactLocation: SARIFArtifact{URI: f.Path}}}
		if f.Line > 0 {
			loc.PhysicalLocation.Region = &SARIFRegion{StartLine: f.Line, StartColumn: f.Column}
		}
		if f.LogicalID != "" {
			loc.LogicalLocations = []SARIFLogical{{Name: f.LogicalID, Kind: "resource"}}
		}
		run.Results = append(run.Results, SARIFResult{
			RuleID:              f.RuleID,
			RuleIndex:           i,
			Level:               f.Level,
			Message:             SARIFText{Text: f.Message},
			Locations:           []SARIFLocation{loc},
			PartialFingerprints: map[string]string{"primaryLocationLineHash": f.Fingerprint()},
			Properties:          f.Props,
			Suppressions:        sarifSuppressions(f.Suppression),
		})
	}
	return &SARIFLog{Schema: sarifSchema, Version: "2.1.0", Runs: []SARIFRun{run}}, nil
}

// MarshalSARIF renders the report as indented SARIF JSON.
func (r *Report) MarshalSARIF(tool ToolInfo) ([]byte, error) {
	log, err := r.SARIF(tool)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode SARIF: %w", err)
	}
	return append(b, '\n'), nil
}

func precision(confidence string) string {
	switch confidence {
	case "high":
		return "high"
	case "medium":
		return "medium"
	case "low":
		return "low"
	}
	return ""
}
