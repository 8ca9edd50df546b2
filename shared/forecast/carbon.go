package forecast

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
)

// CarbonModel holds the Cloud Carbon Footprint coefficients of the embedded carbon.json.
type CarbonModel struct {
	Method              string             `json:"method"`
	Source              string             `json:"source"`
	PUE                 float64            `json:"pue"`
	DefaultUtilization  float64            `json:"defaultUtilization"`
	MemoryKWhPerGBHour  float64            `json:"memoryKWhPerGBHour"`
	SSDWhPerTBHour      float64            `json:"ssdWhPerTBHour"`
	HDDWhPerTBHour      float64            `json:"hddWhPerTBHour"`
	NetworkingKWhPerGB  float64            `json:"networkingKWhPerGB"`
	ServerLifespanHours float64            `json:"serverLifespanHours"`
	ReplicationFactors  map[string]float64 `json:"replicationFactors"`
	// GridTCO2ePerKWh is the grid emissions factor of each region, in metric tonnes CO2e per kWh.
	GridTCO2ePerKWh    map[string]float64           `json:"gridTCO2ePerKWh"`
	Microarchitectures map[string]Microarchitecture `json:"microarchitectures"`
	Families           map[string]InstanceFamily    `json:"families"`
	InstanceTypes      map[string]InstanceSpec      `json:"instanceTypes"`
}

// Microarchitecture is the power and memory profile of a processor generation.
type Microarchitecture struct {
	MinWattsPerVCPU float64 `json:"minWattsPerVCPU"`
	MaxWattsPerVCPU float64 `json:"maxWattsPerVCPU"`
	GBPerChip       float64 `json:"gbPerChip"`
}

// InstanceFamily is what CCF needs of an EC2 family: its processors, its largest size (a whole server) and
// that server's embodied emissions.
type InstanceFamily struct {
	Microarchitectures []string `json:"microarchitectures"`
	LargestVCPU        float64  `json:"largestVCPU"`
	LargestMemoryGB    float64  `json:"largestMemoryGB"`
	EmbodiedTCO2e      float64  `json:"embodiedTCO2e"`
	// Burstable families have no memory estimate in CCF: their largest size is not a whole server.
	Burstable bool `json:"burstable"`
}

// InstanceSpec is an instance type's size.
type InstanceSpec struct {
	VCPU     float64 `json:"vcpu"`
	MemoryGB float64 `json:"memoryGB"`
}

var (
	carbonOnce  sync.Once
	carbonModel *CarbonModel
	carbonErr   error
)

// LoadCarbon returns the embedded carbon model.
func LoadCarbon() (*CarbonModel, error) {
	carbonOnce.Do(func() {
		data, err := priceFiles.ReadFile("prices/carbon.json")
		if err != nil {
			carbonErr = fmt.Errorf("read carbon model: %w", err)
			return
		}
		carbonModel, carbonErr = parseCarbon(data)
	})
	return carbonModel, carbonErr
}

func parseCarbon(data []byte) (*CarbonModel, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m CarbonModel
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("decode carbon model: %w", err)
	}
	if m.PUE < 1 || m.ServerLifespanHours <= 0 || m.DefaultUtilization <= 0 || m.DefaultUtilization > 1 {
		return nil, fmt.Errorf("carbon model: implausible PUE %v, lifespan %v or utilisation %v", m.PUE, m.ServerLifespanHours, m.DefaultUtilization)
	}
	if _, ok := m.GridTCO2ePerKWh["unknown"]; !ok {
		return nil, fmt.Errorf("carbon model: no grid factor for unknown regions")
	}
	for name, f := range m.Families {
		for _, ma := range f.Microarchitectures {
			if _, ok := m.Microarchitectures[ma]; !ok {
				return nil, fmt.Errorf("carbon model: family %s names unknown microarchitecture %q", name, ma)
			}
		}
		if f.LargestVCPU <= 0 || f.LargestMemoryGB <= 0 || f.EmbodiedTCO2e <= 0 {
			return nil, fmt.Errorf("carbon model: family %s lacks its largest size or embodied emissions", name)
		}
	}
	return &m, nil
}

// grid returns the region's emissions factor in kg CO2e per kWh, and whether the region has its own.
func (m *CarbonModel) grid(region string) (float64, bool) {
	if f, ok := m.GridTCO2ePerKWh[region]; ok {
		return f * 1000, true
	}
	return m.GridTCO2ePerKWh["unknown"] * 1000, false
}

// operationalKg converts energy used by servers to kg CO2e: the data centre's overhead (PUE) times the grid.
func (m *CarbonModel) operationalKg(kWh float64, region string) float64 {
	g, _ := m.grid(region)
	return kWh * m.PUE * g
}

// EC2Carbon is the CCF estimate of one instance for some hours, in kg CO2e.
type EC2Carbon struct {
	ComputeKg  float64
	MemoryKg   float64
	EmbodiedKg float64
}

// Total is the sum of the parts.
func (c EC2Carbon) Total() float64 { return c.ComputeKg + c.MemoryKg + c.EmbodiedKg }

// EC2 estimates an instance type's emissions over hours in a region: compute from the family's processors
// at the default utilisation, memory beyond what CCF attributes to the processors, and the server's
// embodied emissions pro rata of time and vCPUs. ok is false, with the reason, when the type or its
// family has no coefficients.
func (m *CarbonModel) EC2(instanceType string, hours float64, region string) (c EC2Carbon, ok bool, why string) {
	spec, found := m.InstanceTypes[instanceType]
	if !found {
		return c, false, fmt.Sprintf("no vCPU and memory figures for %s", instanceType)
	}
	family := strings.SplitN(instanceType, ".", 2)[0]
	fam, found := m.Families[family]
	if !found {
		return c, false, fmt.Sprintf("no carbon coefficients for instance family %s", family)
	}
	var minW, maxW, chipGB float64
	for _, name := range fam.Microarchitectures {
		ma := m.Microarchitectures[name]
		minW += ma.MinWattsPerVCPU
		maxW += ma.MaxWattsPerVCPU
		chipGB += ma.GBPerChip
	}
	n := float64(len(fam.Microarchitectures))
	if n == 0 {
		ma := m.Microarchitectures["unknown"]
		minW, maxW, chipGB, n = ma.MinWattsPerVCPU, ma.MaxWattsPerVCPU, ma.GBPerChip, 1
	}
	minW, maxW, chipGB = minW/n, maxW/n, chipGB/n

	watts := minW + m.DefaultUtilization*(maxW-minW)
	c.ComputeKg = m.operationalKg(spec.VCPU*hours*watts/1000, region)

	if !fam.Burstable {
		chips := math.Ceil(fam.LargestVCPU / 96)
		if excess := fam.LargestMemoryGB/chips - chipGB; excess > 0 {
			gbHours := excess * (spec.MemoryGB / fam.LargestMemoryGB) * hours
			c.MemoryKg = m.operationalKg(gbHours*m.MemoryKWhPerGBHour, region)
		}
	}
	c.EmbodiedKg = fam.EmbodiedTCO2e * 1000 * (hours / m.ServerLifespanHours) * (spec.VCPU / fam.LargestVCPU)
	return c, true, ""
}

// MemoryKg estimates the emissions of memory use given in GB-hours (Lambda's GB-seconds ÷ 3600).
func (m *CarbonModel) MemoryKg(gbHours float64, region string) float64 {
	return m.operationalKg(gbHours*m.MemoryKWhPerGBHour, region)
}

// SSDStorageKg estimates the emissions of SSD storage held for hours, with the service's replication.
func (m *CarbonModel) SSDStorageKg(gb, hours float64, replication, region string) float64 {
	r, ok := m.ReplicationFactors[replication]
	if !ok {
		r = m.ReplicationFactors["default"]
	}
	tbHours := gb / 1000 * hours
	return m.operationalKg(tbHours*m.SSDWhPerTBHour/1000*r, region)
}

// NetworkingKg estimates the emissions of moving gb gigabytes.
func (m *CarbonModel) NetworkingKg(gb float64, region string) float64 {
	return m.operationalKg(gb*m.NetworkingKWhPerGB, region)
}
