package lxdapi

import (
	"context"
	"slices"
)

// Resources is the part of GET /1.0/resources that rexxlxd uses: the
// server's CPUs, which differ from the client's on a remote.
type Resources struct {
	CPU struct {
		Total   int `json:"total"`
		Sockets []struct {
			Cores []struct {
				Threads []struct {
					ID     int  `json:"id"`
					Online bool `json:"online"`
				} `json:"threads"`
			} `json:"cores"`
		} `json:"sockets"`
	} `json:"cpu"`
}

// GetResources returns the server's hardware (GET /1.0/resources).
func (c *Client) GetResources(ctx context.Context) (*Resources, error) {
	r := &Resources{}
	if _, err := c.get(ctx, "/1.0/resources", nil, r); err != nil {
		return nil, err
	}
	return r, nil
}

// OnlineCPUs returns the ids of the server's online CPU threads, sorted:
// the numbers limits.cpu may pin an instance to.
func (r *Resources) OnlineCPUs() []int {
	var ids []int
	for _, s := range r.CPU.Sockets {
		for _, c := range s.Cores {
			for _, t := range c.Threads {
				if t.Online {
					ids = append(ids, t.ID)
				}
			}
		}
	}
	slices.Sort(ids)
	return ids
}
