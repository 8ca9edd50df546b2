package iac

import (
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
)

// InstanceVolumes is what encrypted-volumes knows about the EBS volumes an instance or launch template declares
// in its BlockDeviceMappings.
type InstanceVolumes struct {
	Line int
	// Applies is false for a configuration item: AWS Config evaluates attached volumes as AWS::EC2::Volume items.
	Applies bool
	// Volumes are the EBS mappings; Unknown when the list is, or when there is none (the AMI decides).
	Volumes Fact[[]BlockDevice]
}

// BlockDevice is one EBS block device mapping.
type BlockDevice struct {
	Name      string
	Line      int
	Encrypted Tri
	// FromSnapshot is set when the volume is restored from a snapshot, whose encryption it inherits.
	FromSnapshot bool
}

func instanceVolumesFromTemplate(p templateProps) any {
	v := &InstanceVolumes{Line: p.res.Line, Applies: true}
	prefix, keys := "BlockDeviceMappings", []string{"BlockDeviceMappings"}
	if p.res.Type == TypeEC2LaunchTemplate {
		prefix, keys = "LaunchTemplateData.BlockDeviceMappings", []string{"LaunchTemplateData", "BlockDeviceMappings"}
	}
	list, state, line, why := p.lookup(p.props, "", keys...)
	switch {
	case state == Unknown:
		v.Volumes = Unknowable[[]BlockDevice](why, line)
		return v
	case state == Absent:
		if p.res.Type == TypeEC2LaunchTemplate {
			v.Applies = false
			return v
		}
		if lt := p.launchTemplate(); lt != nil {
			// The instance takes its block devices from a launch template of this template.
			q := templateProps{tpl: p.tpl, res: lt, props: p.resolver.Resolve(lt.Properties), resolver: p.resolver}
			from := instanceVolumesFromTemplate(q).(*InstanceVolumes)
			if from.Applies {
				v.Volumes = from.Volumes
				return v
			}
		}
		v.Volumes = Unknowable[[]BlockDevice]("the instance declares no BlockDeviceMappings: its root volume's encryption "+
			"comes from the AMI's snapshot and the account's EBS encryption default, which a template does not show", line)
		return v
	case list.Kind != cfn.List:
		v.Volumes = Unknowable[[]BlockDevice](p.malformed(prefix, list, "a list"), line)
		return v
	}
	var out []BlockDevice
	for i, m := range list.Items() {
		if m.IsIntrinsic() {
			v.Volumes = Unknowable[[]BlockDevice](p.unknown(prefix+"[]", m), line)
			return v
		}
		ebs := m.Get("Ebs")
		if ebs == nil {
			continue // an instance store volume, or NoDevice
		}
		name := fmt.Sprintf("%s[%d]", prefix, i)
		if d, ok := m.Get("DeviceName").Str(); ok {
			name = d
		}
		snap := p.str(ebs, prefix+"[].Ebs", "SnapshotId")
		out = append(out, BlockDevice{Name: name, Line: lineOr(m.Pos(), line), Encrypted: p.tri(ebs, prefix+"[].Ebs", "Encrypted"),
			FromSnapshot: snap.State == Set})
	}
	if len(out) == 0 {
		if p.res.Type == TypeEC2LaunchTemplate {
			v.Applies = false
			return v
		}
		v.Volumes = Unknowable[[]BlockDevice]("the instance declares no EBS block device: its root volume's encryption "+
			"comes from the AMI's snapshot and the account's EBS encryption default, which a template does not show", line)
		return v
	}
	v.Volumes = Known(out, line)
	return v
}

func instanceVolumesFromConfig(ConfigItem) any { return &InstanceVolumes{} }

// encryptedInstanceVolumes extends encrypted-volumes to the volumes instances and launch templates create.
func encryptedInstanceVolumes() []Rule {
	base := encryptedVolumes()
	vb := &viewBuilder{fromTemplate: instanceVolumesFromTemplate, fromConfig: instanceVolumesFromConfig}
	return forTypes([]string{TypeEC2Instance, TypeEC2LaunchTemplate}, func(typ string) Rule {
		r := newRule(base.Rule, typ, func(v *InstanceVolumes) Result {
			if !v.Applies {
				return notApplicable()
			}
			if v.Volumes.State == Unknown {
				return NotAssessedAt(v.Volumes.Line, "%s", v.Volumes.Why)
			}
			unknown, unknownLine := "", 0
			for _, d := range v.Volumes.Value {
				e := d.Encrypted
				switch {
				case e.State == Unknown:
					if unknown == "" {
						unknown, unknownLine = e.Why, e.Line
					}
				case e.State == Absent && d.FromSnapshot:
					if unknown == "" {
						unknown, unknownLine = "Encrypted is not set on "+d.Name+", restored from a snapshot whose encryption it inherits", d.Line
					}
				case e.State == Absent:
					return Fail(lineOr(e.Line, d.Line), "Encrypted is not set on %s (defaults to false)", d.Name)
				case !e.Value:
					return Fail(lineOr(e.Line, d.Line), "Encrypted is false on %s", d.Name)
				}
			}
			if unknown != "" {
				return NotAssessedAt(unknownLine, "%s", unknown)
			}
			return Pass("every EBS volume the template declares is encrypted")
		})
		r.view = vb
		return r
	})
}

// launchTemplate returns the launch template of this template that an instance names, or nil.
func (p templateProps) launchTemplate() *cfn.Resource {
	lt := p.res.Properties.Get("LaunchTemplate")
	for _, key := range []string{"LaunchTemplateId", "LaunchTemplateName"} {
		ref := lt.Get(key)
		if ref == nil {
			continue
		}
		for _, r := range p.tpl.ResourcesOfType(TypeEC2LaunchTemplate) {
			if dataRefersTo(ref, r.LogicalID) {
				return r
			}
		}
	}
	return nil
}
