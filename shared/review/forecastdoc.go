package review

// Forecast is the part of forecast.json (the design's Forecast JSON contract) the comment shows. It is
// decoded here, from the contract, so the comment depends on the document and not on the forecast engine.
type Forecast struct {
	Currency   string             `json:"currency"`
	Region     string             `json:"region"`
	PricesAsOf string             `json:"pricesAsOf"`
	Resources  []ResourceForecast `json:"resources"`
	Unpriced   []Unpriced         `json:"unpriced"`
	Totals     Totals             `json:"totals"`
}

// ResourceForecast is one resource's monthly cost on both sides of the change.
type ResourceForecast struct {
	File            string  `json:"file"`
	LogicalID       string  `json:"logicalId"`
	Type            string  `json:"type"`
	Change          string  `json:"change"` // added, removed, changed or unchanged
	Base            Cost    `json:"base"`
	Head            Cost    `json:"head"`
	DeltaMonthlyUSD float64 `json:"deltaMonthlyUSD"`
}

// Cost is one side of a resource.
type Cost struct {
	MonthlyUSD float64 `json:"monthlyUSD"`
}

// Unpriced is a resource that could not be priced.
type Unpriced struct {
	File      string `json:"file"`
	LogicalID string `json:"logicalId"`
	Type      string `json:"type"`
	Reason    string `json:"reason"`
}

// Totals sums the priced resources.
type Totals struct {
	BaseMonthlyUSD  float64 `json:"baseMonthlyUSD"`
	HeadMonthlyUSD  float64 `json:"headMonthlyUSD"`
	DeltaMonthlyUSD float64 `json:"deltaMonthlyUSD"`
}

// unchanged is the change kind of a resource that differs in nothing priced.
const unchanged = "unchanged"
