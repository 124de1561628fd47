// Package shared holds field blocks that models in package embedded embed
// across a package boundary. It declares no root model: its structs carry
// gorm tags, so they are marked //migragen:ignore, because root discovery
// run on this package alone cannot see that they are only ever embedded
// elsewhere.
package shared
