package queue

import (
	"errors"
	"time"
)

// RetryQueue holds tickets whose hand-off failed and retries them with a growing delay.
type RetryQueue struct {
	items    []Item
	maxTries int
}

// Item is one ticket waiting for another try.
type Item struct {
	TicketID string
	Tries    int
	NextAt   time.Time
}

var ErrGaveUp = errors.New("gave up on ticket")

func (q *RetryQueue) Add(ticketID string, now time.Time) {
	q.items = append(q.items, Item{TicketID: ticketID, NextAt: now})
}

func (q *RetryQueue) Due(now time.Time) []Item {
	var due []Item
	for _, item := range q.items {
		if !item.NextAt.After(now) {
			due = append(due, item)
		}
	}
	return due
}

func (q *RetryQueue) Failed(ticketID string, now time.Time) error {
	for i := range q.items {
		if q.items[i].TicketID != ticketID {
			continue
		}
		q.items[i].Tries++
		if q.items[i].Tries >= q.maxTries {
			return ErrGaveUp
		}
		q.items[i].NextAt = now.Add(time.Duration(q.items[i].Tries) * time.Minute)
	}
	return nil
}
