// Package pricelist fetches on-demand list prices from the AWS Price List API (pricing:GetProducts, served
// from us-east-1 for every region) and builds the forecast's price table from them: the same schema as the
// embedded snapshot, each price sourced "AWS Price List API GetProducts, <date>". A catalog maps every price
// id of the table to its service code, attribute filters and unit; a price id the catalog does not know
// keeps the snapshot's figure in the snapshot's own region and is left out elsewhere, never guessed.
package pricelist
