package serializers

import (
	"gorm.io/gorm/schema"

	"github.com/migragen/migragen/analyzer/testdata/diagnostics/serializers/codec"
)

func init() {
	schema.RegisterSerializer("text", codec.CSV{})
	codec.Register()
}

// Setup registers a serializer under a mixed-case name; GORM lower-cases
// names both when registering and when looking them up.
func Setup() { schema.RegisterSerializer("Pipe", codec.CSV{}) }

// RegisterAll registers names migragen cannot read.
func RegisterAll(m map[string]schema.SerializerInterface) {
	for name, s := range m {
		schema.RegisterSerializer(name, s)
	}
}
