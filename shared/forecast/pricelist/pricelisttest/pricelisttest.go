// Package pricelisttest serves recorded Price List products over HTTP in the Pricing JSON 1.1 protocol, so
// tests drive the real SDK client (through BaseEndpoint) against a fake that holds state rather than a mock.
package pricelisttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Server answers GetProducts from recorded products: it applies the request's TERM_MATCH filters to each
// product's attributes and product family, and pages the result.
type Server struct {
	*httptest.Server

	// Products maps a service code to its PriceList entries; tests may add look-alikes.
	Products map[string][]string
	// PageSize caps the products of one answer below the request's MaxResults, to force pagination.
	PageSize int
	// Throttle is how many requests to answer with ThrottlingException before answering normally.
	Throttle int

	mu       sync.Mutex
	requests int
	services map[string]int
}

// New starts a server over the recorded answers in dir (one <ServiceCode>.json GetProducts body each).
func New(dir string, pageSize int) (*Server, error) {
	s := &Server{Products: map[string][]string{}, PageSize: pageSize, services: map[string]int{}}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no recorded answers in %s", dir)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var out struct {
			FormatVersion string
			PriceList     []string
		}
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		s.Products[strings.TrimSuffix(filepath.Base(file), ".json")] = out.PriceList
	}
	s.Server = httptest.NewServer(s)
	return s, nil
}

// Requests returns how many requests were made in all, and for one service code.
func (s *Server) Requests(serviceCode string) (all, service int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.services[serviceCode]
}

// ServeHTTP answers one GetProducts request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	n := s.requests
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if got := r.Header.Get("X-Amz-Target"); got != "AWSPriceListService.GetProducts" {
		fail(w, http.StatusBadRequest, "UnknownOperationException", "unexpected target "+got)
		return
	}
	if !strings.Contains(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256") {
		fail(w, http.StatusForbidden, "AccessDeniedException", "unsigned request")
		return
	}
	if n <= s.Throttle {
		fail(w, http.StatusBadRequest, "ThrottlingException", "Rate exceeded")
		return
	}
	var in struct {
		ServiceCode string
		Filters     []struct{ Type, Field, Value string }
		MaxResults  int
		NextToken   string
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fail(w, http.StatusBadRequest, "InvalidParameterException", err.Error())
		return
	}
	s.mu.Lock()
	s.services[in.ServiceCode]++
	products := s.Products[in.ServiceCode]
	s.mu.Unlock()
	var matched []string
	for _, p := range products {
		var it struct {
			Product struct {
				ProductFamily string            `json:"productFamily"`
				Attributes    map[string]string `json:"attributes"`
			} `json:"product"`
		}
		if err := json.Unmarshal([]byte(p), &it); err != nil {
			fail(w, http.StatusInternalServerError, "InternalErrorException", "recorded product: "+err.Error())
			return
		}
		ok := true
		for _, f := range in.Filters {
			if f.Type != "TERM_MATCH" {
				fail(w, http.StatusBadRequest, "InvalidParameterException", "filter type "+f.Type)
				return
			}
			v := it.Product.Attributes[f.Field]
			if f.Field == "productFamily" {
				v = it.Product.ProductFamily
			}
			ok = ok && strings.EqualFold(v, f.Value)
		}
		if ok {
			matched = append(matched, p)
		}
	}
	start := 0
	if in.NextToken != "" {
		var err error
		if start, err = strconv.Atoi(strings.TrimPrefix(in.NextToken, "page:")); err != nil || start < 0 || start > len(matched) {
			fail(w, http.StatusBadRequest, "InvalidNextTokenException", "bad token")
			return
		}
	}
	size := s.PageSize
	if size <= 0 || (in.MaxResults > 0 && in.MaxResults < size) {
		size = in.MaxResults
	}
	if size <= 0 {
		size = 100
	}
	end := min(start+size, len(matched))
	out := map[string]any{"FormatVersion": "aws_v1", "PriceList": matched[start:end]}
	if end < len(matched) {
		out["NextToken"] = "page:" + strconv.Itoa(end)
	}
	_ = json.NewEncoder(w).Encode(out)
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("X-Amzn-Errortype", code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": code, "message": msg})
}
