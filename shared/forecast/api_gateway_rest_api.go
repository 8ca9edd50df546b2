package forecast

import "fmt"

// Default API Gateway usage, documented in the assumptions of every forecast that takes them.
const (
	defaultAPIRequests          = 1_000_000
	defaultWebSocketMessages    = 1_000_000
	defaultWebSocketConnMinutes = 1_000_000
)

// apiCacheSizes are the REST API cache sizes (GB, as CloudFormation writes them) with their price ids.
var apiCacheSizes = map[string]string{
	"0.5": "apigateway.cache.0.5", "1.6": "apigateway.cache.1.6", "6.1": "apigateway.cache.6.1",
	"13.5": "apigateway.cache.13.5", "28.4": "apigateway.cache.28.4", "58.2": "apigateway.cache.58.2",
	"118": "apigateway.cache.118", "237": "apigateway.cache.237",
}

func apiCachePriceIDs() []string {
	out := make([]string, 0, len(apiCacheSizes))
	for _, id := range apiCacheSizes {
		out = append(out, id)
	}
	return out
}

// apiGatewayRestPricer prices AWS::ApiGateway::RestApi and AWS::Serverless::Api: REST API calls, and for a
// SAM API with caching on, its cache.
func apiGatewayRestPricer() pricer {
	return pricer{
		types:  []string{"AWS::ApiGateway::RestApi", "AWS::Serverless::Api"},
		usage:  keys("monthlyRequests"),
		prices: append([]string{"apigateway.rest.requests"}, apiCachePriceIDs()...),
		price:  priceRestAPI,
	}
}

func priceRestAPI(p *pricing) (*Cost, error) {
	rp, err := p.price("apigateway.rest.requests")
	if err != nil {
		return nil, err
	}
	requests := p.use("monthlyRequests", defaultAPIRequests, "API calls per month")
	cost := &Cost{Components: []Component{component("Requests (REST API)", "1M requests", requests/1e6, rp.USD, true)}}
	if p.res.Type == "AWS::Serverless::Api" {
		p.useGlobals("Api")
		c, err := apiCache(p)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, c...)
	} else {
		p.assume("stage caches are priced on AWS::ApiGateway::Stage")
	}
	p.assume("free tier and the lower rates beyond 333 million requests are not applied; data transfer is not priced")
	p.assume("carbon: no published coefficient for API Gateway")
	return cost, nil
}

// apiCache prices a stage cache when CacheClusterEnabled is true.
func apiCache(p *pricing) ([]Component, error) {
	on, _, err := p.flag("CacheClusterEnabled", "CacheClusterEnabled")
	if err != nil || !on {
		return nil, err
	}
	size, ok, err := p.str("CacheClusterSize", "CacheClusterSize")
	if err != nil {
		return nil, err
	}
	if !ok {
		size = "0.5" // API Gateway's default cache size
		p.assume("CacheClusterSize: 0.5 GB (the default)")
	}
	id, known := apiCacheSizes[size]
	if !known {
		return nil, unpriced("unknown CacheClusterSize %q", size)
	}
	cp, err := p.price(id)
	if err != nil {
		return nil, err
	}
	return []Component{component(fmt.Sprintf("Cache (%s GB)", size), "hours", HoursPerMonth, cp.USD, false)}, nil
}
