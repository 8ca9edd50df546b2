package forecast

import "strings"

// apiGatewayV2Pricer prices AWS::ApiGatewayV2::Api and AWS::Serverless::HttpApi: HTTP API requests, or a
// WebSocket API's messages and connection minutes.
func apiGatewayV2Pricer() pricer {
	return pricer{
		types:  []string{"AWS::ApiGatewayV2::Api", "AWS::Serverless::HttpApi"},
		usage:  keys("monthlyRequests", "monthlyMessages", "monthlyConnectionMinutes"),
		prices: []string{"apigateway.http.requests", "apigateway.websocket.messages", "apigateway.websocket.minutes"},
		price:  priceAPIV2,
	}
}

func priceAPIV2(p *pricing) (*Cost, error) {
	protocol := "HTTP"
	if p.res.Type == "AWS::ApiGatewayV2::Api" {
		pt, ok, err := p.str("ProtocolType", "ProtocolType")
		if err != nil {
			return nil, err
		}
		switch {
		case ok:
			protocol = strings.ToUpper(pt)
		case p.prop("Body") != nil || p.prop("BodyS3Location") != nil:
			p.assume("an API imported from an OpenAPI definition is an HTTP API")
		default:
			return nil, unpriced("ProtocolType is not given")
		}
	} else {
		p.useGlobals("HttpApi")
	}
	p.assume("carbon: no published coefficient for API Gateway")
	switch protocol {
	case "HTTP":
		rp, err := p.price("apigateway.http.requests")
		if err != nil {
			return nil, err
		}
		requests := p.use("monthlyRequests", defaultAPIRequests, "API calls per month")
		p.assume("each request counted once (HTTP APIs meter in 512 KB increments); the lower rate beyond 300 million requests is not applied")
		return &Cost{Components: []Component{component("Requests (HTTP API)", "1M requests", requests/1e6, rp.USD, true)}}, nil
	case "WEBSOCKET":
		mp, err := p.price("apigateway.websocket.messages")
		if err != nil {
			return nil, err
		}
		cp, err := p.price("apigateway.websocket.minutes")
		if err != nil {
			return nil, err
		}
		msgs := p.use("monthlyMessages", defaultWebSocketMessages, "messages per month")
		mins := p.use("monthlyConnectionMinutes", defaultWebSocketConnMinutes, "connection minutes per month")
		return &Cost{Components: []Component{
			component("Messages (WebSocket API)", "1M messages", msgs/1e6, mp.USD, true),
			component("Connection minutes (WebSocket API)", "1M connection minutes", mins/1e6, cp.USD, true),
		}}, nil
	}
	return nil, unpriced("unknown ProtocolType %q", protocol)
}
