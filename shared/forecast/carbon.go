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
	// InstanceTypes comes from prices/instances.json, the instance table shared with the pricers.
	InstanceTypes map[string]InstanceSpec `json:"-"`
}

// Microarchitecture is the power and memory profile of a processor generation.
type Microarchitecture struct {
	MinWattsPerVCPU float64 `json:"minWattsPerVCPU"`
	MaxWattsPerVCPU float64 `json:"maxWattsPerVCPU"`
	GBPerChip       float64 `json:"gbPerChip"`
}

// InstanceFamily is what CCF needs of an EC2 family: its largest size (a whole server) and that server's
// embodied emissions.
type InstanceFamily struct {
	LargestVCPU     float64 `json:"largestVCPU"`
	LargestMemoryGB float64 `json:"largestMemoryGB"`
	EmbodiedTCO2e   float64 `json:"embodiedTCO2e"`
	// Burstable families have no memory estimate in CCF: their largest size is not a whole server.
	Burstable bool   `json:"burstable"`
	Source    string `json:"source"`
}

// InstanceSpec is an instance type's size and processors, from prices/instances.json.
type InstanceSpec struct {
	VCPU      float64 `json:"vcpu"`
	MemoryGiB float64 `json:"memoryGiB"`
	// Microarchitectures are the processor generations the type runs on (CCF averages their power).
	Microarchitectures []string `json:"microarchitectures"`
	Source             string   `json:"source"`
}

// instanceTable is the layout of prices/instances.json.
type instanceTable struct {
	Note      string                  `json:"note"`
	Instances map[string]InstanceSpec `json:"instances"`
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
		inst, err := priceFiles.ReadFile("prices/instances.json")
		if err != nil {
			carbonErr = fmt.Errorf("read instance table: %w", err)
			return
		}
		carbonModel, carbonErr = parseCarbon(data, inst)
	})
	return carbonModel, carbonErr
}

func parseCarbon(data, instances []byte) (*CarbonModel, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m CarbonModel
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("decode carbon model: %w", err)
	}
	types, err := parseInstances(instances)
	if err != nil {
		return nil, err
	}
	m.InstanceTypes = types
	if m.PUE < 1 || m.ServerLifespanHours <= 0 || m.DefaultUtilization <= 0 || m.DefaultUtilization > 1 {
		return nil, fmt.Errorf("carbon model: implausible PUE %v, lifespan %v or utilisation %v", m.PUE, m.ServerLifespanHours, m.DefaultUtilization)
	}
	if _, ok := m.GridTCO2ePerKWh["unknown"]; !ok {
		return nil, fmt.Errorf("carbon model: no grid factor for unknown regions")
	}
	if _, ok := m.Microarchitectures["unknown"]; !ok {
		return nil, fmt.Errorf("carbon model: no coefficients for unknown processors")
	}
	for name, f := range m.Families {
		if f.LargestVCPU <= 0 || f.LargestMemoryGB <= 0 || f.EmbodiedTCO2e <= 0 || f.Source == "" {
			return nil, fmt.Errorf("carbon model: family %s lacks its largest size, embodied emissions or source", name)
		}
	}
	for _, r := range []string{"default", "ebs", "s3", "dynamodb", "aurora"} {
		if m.ReplicationFactors[r] < 1 {
			return nil, fmt.Errorf("carbon model: no replication factor for %s", r)
		}
	}
	return &m, nil
}

// parseInstances reads the instance table: every type with its vCPUs, memory, processors and source.
// Processors the carbon model has no coefficients for are allowed: the type is priced, and its carbon is
// reported as not estimated.
func parseInstances(data []byte) (map[string]InstanceSpec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t instanceTable
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("decode instance table: %w", err)
	}
	for name, s := range t.Instances {
		if s.VCPU <= 0 || s.MemoryGiB <= 0 || len(s.Microarchitectures) == 0 || s.Source == "" {
			return nil, fmt.Errorf("instance table: %s lacks vCPUs, memory, microarchitecture or source", name)
		}
		if fam, _, ok := strings.Cut(name, "."); !ok || fam == "" {
			return nil, fmt.Errorf("instance table: %q is not a family.size name", name)
		}
	}
	return t.Instances, nil
}

// ec2Type maps an instance class of a managed service to the EC2 type it runs on: db.r5.large,
// cache.r5.large and r5.large.search all run on r5.large.
func ec2Type(class string) string {
	for _, prefix := range []string{"db.", "cache."} {
		class = strings.TrimPrefix(class, prefix)
	}
	for _, suffix := range []string{".search", ".elasticsearch"} {
		class = strings.TrimSuffix(class, suffix)
	}
	return class
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
	base := ec2Type(instanceType)
	spec, found := m.InstanceTypes[base]
	if !found {
		return c, false, fmt.Sprintf("no vCPU and memory figures for %s", instanceType)
	}
	var minW, maxW, chipGB float64
	for _, name := range spec.Microarchitectures {
		ma, known := m.Microarchitectures[name]
		if !known {
			return c, false, fmt.Sprintf("no CCF power coefficients for %s (%s)", name, base)
		}
		minW += ma.MinWattsPerVCPU
		maxW += ma.MaxWattsPerVCPU
		chipGB += ma.GBPerChip
	}
	family := strings.SplitN(base, ".", 2)[0]
	fam, found := m.Families[family]
	if !found {
		return c, false, fmt.Sprintf("no carbon coefficients for instance family %s", family)
	}
	n := float64(len(spec.Microarchitectures))
	minW, maxW, chipGB = minW/n, maxW/n, chipGB/n

	watts := minW + m.DefaultUtilization*(maxW-minW)
	c.ComputeKg = m.operationalKg(spec.VCPU*hours*watts/1000, region)

	if !fam.Burstable {
		chips := math.Ceil(fam.LargestVCPU / 96)
		if excess := fam.LargestMemoryGB/chips - chipGB; excess > 0 {
			gbHours := excess * (spec.MemoryGiB / fam.LargestMemoryGB) * hours
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

// replication is a service's storage replication factor in CCF, or the default.
func (m *CarbonModel) replication(service string) float64 {
	if r, ok := m.ReplicationFactors[service]; ok {
		return r
	}
	return m.ReplicationFactors["default"]
}

// SSDStorageKg estimates the emissions of SSD storage held for hours, with the service's replication.
func (m *CarbonModel) SSDStorageKg(gb, hours float64, replication, region string) float64 {
	tbHours := gb / 1000 * hours
	return m.operationalKg(tbHours*m.SSDWhPerTBHour/1000*m.replication(replication), region)
}

// HDDStorageKg estimates the emissions of HDD storage held for hours, with the service's replication.
func (m *CarbonModel) HDDStorageKg(gb, hours float64, replication, region string) float64 {
	tbHours := gb / 1000 * hours
	return m.operationalKg(tbHours*m.HDDWhPerTBHour/1000*m.replication(replication), region)
}

// VCPUKg estimates the emissions of vCPU-hours on unknown processors (the AWS average CCF uses for
// serverless compute such as Fargate) at the default utilisation.
func (m *CarbonModel) VCPUKg(vcpuHours float64, region string) float64 {
	ma := m.Microarchitectures["unknown"]
	watts := ma.MinWattsPerVCPU + m.DefaultUtilization*(ma.MaxWattsPerVCPU-ma.MinWattsPerVCPU)
	return m.operationalKg(vcpuHours*watts/1000, region)
}

// NetworkingKg estimates the emissions of moving gb gigabytes.
func (m *CarbonModel) NetworkingKg(gb float64, region string) float64 {
	return m.operationalKg(gb*m.NetworkingKWhPerGB, region)
}
