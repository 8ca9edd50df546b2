package envcheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

func TestCostEstimates(t *testing.T) {
	if !cgoEnabled {
		t.Skip("needs tree-sitter (cgo)")
	}
	prices, err := forecast.LoadPrices("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	rru, ok := prices.Lookup("dynamodb.ondemand.read")
	if !ok {
		t.Fatal("no dynamodb.ondemand.read price")
	}
	list, ok := prices.Lookup("s3.requests.put")
	if !ok {
		t.Fatal("no s3.requests.put price")
	}
	dir := filepath.Join(corpusRoot, "scan-patterns")
	paths := []string{"template.yaml", "go/main.go", "py/sample.py"}
	usage := forecast.Usage{
		"ExportFunction": {"monthlyRequests": 1_000_000},
		"SampleFunction": {"monthlyRequests": 100_000},
		"Events":         {"storageGB": 20},
	}
	tests := []struct {
		name string
		opts Options
		rule string
		want string
	}{
		{
			// A paginated scan reads the whole table: 20 GB / 4 KB = 5,242,880 units strongly consistent,
			// 2,621,440 eventually consistent, per invocation.
			name: "whole-table scan with usage", opts: Options{Usage: usage, Prices: prices}, rule: RuleUnboundedScan,
			want: fmt.Sprintf("estimated $%.2f a month (1000000 invocations × 2621440 read request units over 20 GB", 1e6*2621440/1e6*rru.USD),
		},
		{
			name: "list in a loop with usage", opts: Options{Usage: usage, Prices: prices}, rule: RuleListInLoop,
			want: fmt.Sprintf("estimated $%.2f a month per loop iteration", 100_000.0/1000*list.USD),
		},
		{
			name: "no usage file", opts: Options{}, rule: RuleUnboundedScan,
			want: "estimated monthly cost unknown without a usage file stating request counts",
		},
		{
			name: "usage without the table's size", opts: Options{Usage: forecast.Usage{"ExportFunction": {"monthlyRequests": 5}}, Prices: prices}, rule: RuleUnboundedScan,
			want: "the usage file states no storageGB for Events",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := CheckWith(context.Background(), os.DirFS(dir), paths, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, f := range rep.Findings {
				if f.RuleID == tt.rule {
					msgs = append(msgs, f.Message)
				}
			}
			if len(msgs) != 1 || !strings.Contains(msgs[0], tt.want) {
				t.Errorf("got %q; want one finding containing %q", msgs, tt.want)
			}
		})
	}
}
