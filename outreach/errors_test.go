package outreach

import (
	"errors"
	"fmt"
	"testing"
)

func TestDataErrorMessages(t *testing.T) {
	tests := []struct {
		name string
		err  *DataError
		want string
	}{
		{"no respondents in age band", &DataError{Kind: ErrNoRespondents, Variable: AgeBand, Category: "80+"}, "age band 80+ has no respondents"},
		{"no population in area", &DataError{Kind: ErrNoPopulation, Variable: Area, Category: "Sentrum"}, "area Sentrum has no population"},
		{"no respondents in gender with detail", &DataError{Kind: ErrNoRespondents, Variable: Gender, Category: "f", Detail: "cannot weight"}, "gender f has no respondents: cannot weight"},
		{"segment subject", &DataError{Kind: ErrInvalid, Category: "Nord/20-29", Detail: "population is negative (-1)"}, "segment Nord/20-29: population is negative (-1)"},
		{"subject without detail", &DataError{Kind: ErrInvalid, Variable: Area, Category: "Nord"}, "area Nord: invalid input"},
		{"detail only", &DataError{Kind: ErrLowNEff, Detail: "effective sample size 12.5 is below the floor of 30"}, "effective sample size 12.5 is below the floor of 30"},
		{"detail wins over variable without category", &DataError{Kind: ErrInvalid, Variable: Gender, Detail: "gender is missing"}, "gender is missing"},
		{"variable only", &DataError{Kind: ErrNotConverged, Variable: Area}, "area: raking did not converge"},
		{"kind only: empty", &DataError{Kind: ErrEmpty}, "no data"},
		{"kind only: invalid", &DataError{Kind: ErrInvalid}, "invalid input"},
		{"kind only: no population", &DataError{Kind: ErrNoPopulation}, "no population"},
		{"kind only: no respondents", &DataError{Kind: ErrNoRespondents}, "no respondents"},
		{"kind only: low n_eff", &DataError{Kind: ErrLowNEff}, "effective sample size too small"},
		{"kind only: not converged", &DataError{Kind: ErrNotConverged}, "raking did not converge"},
		{"unknown variable label", &DataError{Kind: ErrNoRespondents, Variable: "school", Category: "Vest"}, "school Vest has no respondents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDataErrorIs(t *testing.T) {
	err := error(&DataError{Kind: ErrNoRespondents, Variable: AgeBand, Category: "80+"})
	wrapped := fmt.Errorf("weighting ballot 7: %w", err)
	kinds := []ErrorKind{ErrEmpty, ErrInvalid, ErrNoPopulation, ErrNoRespondents, ErrLowNEff, ErrNotConverged}
	for _, k := range kinds {
		want := k == ErrNoRespondents
		if got := errors.Is(err, k); got != want {
			t.Errorf("errors.Is(err, %q) = %v, want %v", k, got, want)
		}
		if got := errors.Is(wrapped, k); got != want {
			t.Errorf("errors.Is(wrapped, %q) = %v, want %v", k, got, want)
		}
	}
	templates := []struct {
		target error
		want   bool
	}{
		{&DataError{Kind: ErrNoRespondents}, true},
		{&DataError{Kind: ErrNoRespondents, Variable: AgeBand}, true},
		{&DataError{Kind: ErrNoRespondents, Variable: AgeBand, Category: "80+"}, true},
		{&DataError{Kind: ErrNoRespondents, Variable: AgeBand, Category: "16-19"}, false},
		{&DataError{Kind: ErrNoRespondents, Variable: Area}, false},
		{&DataError{Kind: ErrNoPopulation, Variable: AgeBand, Category: "80+"}, false},
		{(*DataError)(nil), false},
		{errors.New("age band 80+ has no respondents"), false},
	}
	for _, tt := range templates {
		if got := errors.Is(wrapped, tt.target); got != tt.want {
			t.Errorf("errors.Is(wrapped, %v) = %v, want %v", tt.target, got, tt.want)
		}
	}
	var de *DataError
	if !errors.As(wrapped, &de) || de.Category != "80+" {
		t.Fatalf("errors.As did not recover the DataError: %v", de)
	}
	if got := ErrLowNEff.Error(); got != "effective sample size too small" {
		t.Errorf("ErrLowNEff.Error() = %q", got)
	}
}
