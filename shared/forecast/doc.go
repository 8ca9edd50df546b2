// Package forecast estimates the monthly cost and carbon of the CloudFormation (and SAM) templates a change
// touches, and the delta between the base and the head of the change. Each priced resource type has its own
// pricer in an explicit registry; prices and carbon coefficients come from embedded data files that say
// where every figure came from and when. Usage-based components take documented defaults, overridable per
// logical ID or resource type, and every default taken is listed as an assumption, so that a serverless
// change never reads as $0 and no figure hides how it was made. What cannot be priced is listed as unpriced
// with the reason, never counted as zero.
package forecast

// HoursPerMonth is the length of a billing month in hours, as AWS and the forecast contract count it.
const HoursPerMonth = 730
