package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/medvirk/medvirk/internal/outreachcsv"
	"github.com/medvirk/medvirk/outreach"
	"github.com/medvirk/medvirk/store"
)

const outreachUsage = `Usage:
  medvirk outreach representativeness --population POP.csv --participants PART.csv [--prior 200]
  medvirk outreach weights --population POP.csv --respondents RESP.csv [--no-trim] [--trim 0.2,5] [--min-neff 30]
  medvirk outreach lottery --population POP.csv --participants PART.csv --register REG.csv --letters N --seed S
                           [--prior 200] [--household-column COL]

The method is explained in docs/outreach.md.
`

// cmdOutreach runs the analysts' commands on CSV files; they touch no database.
func cmdOutreach(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, outreachUsage)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "representativeness":
		return cmdRepresentativeness(args[1:], stdout, stderr)
	case "weights":
		return cmdWeights(args[1:], stdout, stderr)
	case "lottery":
		return cmdLottery(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "medvirk outreach: unknown command %q\n\n%s", args[0], outreachUsage)
	return errUsage
}

// readCounts opens and reads a population or participants file.
func readCounts(path string) ([]outreachcsv.CountRow, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	return outreachcsv.ReadCounts(f, path)
}

// readCells reads a population and a participants file and joins them.
func readCells(popPath, partPath string) ([]outreach.Cell, bool, error) {
	pop, popGender, err := readCounts(popPath)
	if err != nil {
		return nil, false, err
	}
	part, partGender, err := readCounts(partPath)
	if err != nil {
		return nil, false, err
	}
	if popGender != partGender {
		return nil, false, fmt.Errorf("%s and %s must both have a gender column, or neither", popPath, partPath)
	}
	cells, err := outreachcsv.Cells(pop, part, partPath)
	return cells, popGender, err
}

func requireFlags(fs *flag.FlagSet, stderr io.Writer, values map[string]string) error {
	var missing []string
	for name, v := range values {
		if v == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	fmt.Fprintf(stderr, "missing %s\n", strings.Join(missing, ", "))
	fs.Usage()
	return errUsage
}

// cellFlags declares the population and participants files and the prior,
// which the representativeness and lottery commands share.
func cellFlags(fs *flag.FlagSet) (population, participants *string, prior *float64) {
	population = fs.String("population", "", "population per segment: area,age_band[,gender],count")
	participants = fs.String("participants", "", "distinct participants per segment, same columns")
	prior = fs.Float64("prior", outreach.DefaultPrior, "weight of the prior in residents, for smoothed rates")
	return population, participants, prior
}

func cmdRepresentativeness(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("outreach representativeness --population POP.csv --participants PART.csv [--prior 200]",
		"Compare participants with the population per segment and print the figures as JSON.", stderr)
	popPath, partPath, prior := cellFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlags(fs, stderr, map[string]string{"population": *popPath, "participants": *partPath}); err != nil {
		return err
	}
	cells, _, err := readCells(*popPath, *partPath)
	if err != nil {
		return err
	}
	report, err := outreach.Representativeness(cells, *prior)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}

func cmdWeights(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("outreach weights --population POP.csv --respondents RESP.csv [--no-trim] [--trim 0.2,5] [--min-neff 30]",
		"Weight respondents to the population (post-stratification, or raking when a cell is empty)\nand print id,weight as CSV; the summary goes to standard error.", stderr)
	popPath := fs.String("population", "", "population per segment: area,age_band[,gender],count")
	respPath := fs.String("respondents", "", "respondents: id,area,age_band[,gender] and any other columns")
	noTrim := fs.Bool("no-trim", false, "do not trim extreme weights")
	trim := fs.String("trim", "0.2,5", "lower and upper trimming bounds, as multiples of the mean weight")
	minNEff := fs.Float64("min-neff", 30, "refuse to weight when the effective sample size is below this")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlags(fs, stderr, map[string]string{"population": *popPath, "respondents": *respPath}); err != nil {
		return err
	}
	opt := outreach.DefaultWeightOptions()
	opt.Trim = !*noTrim
	opt.MinNEff = *minNEff
	lo, hi, ok := strings.Cut(*trim, ",")
	low, errLo := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	high, errHi := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if !ok || errLo != nil || errHi != nil || low <= 0 || high <= low {
		fmt.Fprintf(stderr, "--trim %q: give two numbers LOW,HIGH with 0 < LOW < HIGH, e.g. 0.2,5\n", *trim)
		return errUsage
	}
	opt.TrimLow, opt.TrimHigh = low, high

	pop, withGender, err := readCounts(*popPath)
	if err != nil {
		return err
	}
	f, err := os.Open(*respPath)
	if err != nil {
		return err
	}
	defer f.Close()
	resp, err := outreachcsv.ReadRespondents(f, *respPath, withGender)
	if err != nil {
		return err
	}
	w, err := outreach.Weight(outreachcsv.PopulationCells(pop), resp, opt)
	if err != nil {
		return err
	}
	out := csv.NewWriter(stdout)
	if err := out.Write([]string{"id", "weight"}); err != nil {
		return err
	}
	for i, r := range resp {
		if err := out.Write([]string{r.ID, strconv.FormatFloat(w.Weights[i], 'g', -1, 64)}); err != nil {
			return err
		}
	}
	out.Flush()
	if err := out.Error(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "n=%d n_eff=%s design_effect=%s method=%s iterations=%d\n",
		w.N, strconv.FormatFloat(w.NEff, 'f', 2, 64), strconv.FormatFloat(w.DesignEffect, 'f', 4, 64), w.Method, w.Iterations)
	return nil
}

func cmdLottery(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("outreach lottery --population POP.csv --participants PART.csv --register REG.csv --letters N --seed S [--prior 200] [--household-column COL]",
		"Draw invitation letters from a register extract, more where fewer take part, and print the\ndrawn rows with every original column plus inclusion_probability. The same inputs and seed\nalways give the same output.", stderr)
	popPath, partPath, prior := cellFlags(fs)
	regPath := fs.String("register", "", "register extract: any columns including area,age_band (and gender when the population has it)")
	letters := fs.Int("letters", 0, "number of letters to send")
	seed := fs.String("seed", "", "seed for the draw (a whole number from 0 to 18446744073709551615)")
	household := fs.String("household-column", "", "column that groups the members of one household (at most one letter each)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := requireFlags(fs, stderr, map[string]string{"population": *popPath, "participants": *partPath, "register": *regPath, "seed": *seed}); err != nil {
		return err
	}
	if *letters <= 0 {
		fmt.Fprintln(stderr, "--letters must be a positive whole number")
		return errUsage
	}
	seedValue, err := strconv.ParseUint(*seed, 10, 64)
	if err != nil {
		fmt.Fprintf(stderr, "--seed %q is not a whole number from 0 to 18446744073709551615\n", *seed)
		return errUsage
	}
	cells, withGender, err := readCells(*popPath, *partPath)
	if err != nil {
		return err
	}
	f, err := os.Open(*regPath)
	if err != nil {
		return err
	}
	defer f.Close()
	reg, err := outreachcsv.ReadRegister(f, *regPath, withGender, *household)
	if err != nil {
		return err
	}
	available := map[outreach.Segment]int{}
	for _, r := range reg.Rows {
		available[r.Segment]++
	}
	allocation, err := outreach.AllocateLetters(cells, available, *letters, *prior)
	if err != nil {
		return err
	}
	draw, err := outreach.Draw(reg.Rows, allocation, seedValue)
	if err != nil {
		return err
	}
	out := csv.NewWriter(stdout)
	if err := out.Write(append(append([]string{}, reg.Header...), "inclusion_probability")); err != nil {
		return err
	}
	for _, d := range draw.Drawn {
		rec := append(append([]string{}, reg.Records[d.Index]...), strconv.FormatFloat(d.Probability, 'g', -1, 64))
		if err := out.Write(rec); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}

// cmdPopulation imports official population statistics for a municipality.
func cmdPopulation(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if err := verb(args, "import", "population import --municipality SLUG --source TEXT --date YYYY-MM-DD FILE.csv", stderr); err != nil {
		return err
	}
	fs := newFlags("population import --municipality SLUG --source TEXT --date YYYY-MM-DD FILE.csv",
		"Import residents per area, age band and gender (area,age_band[,gender],count; area is the area code).\nThe whole file is imported or nothing; importing the same date again replaces it.\nSee docs/population.md.", stderr)
	slug := fs.String("municipality", "", "municipality slug (required when there is more than one)")
	source := fs.String("source", "", "where the figures come from, e.g. \"SSB tabell 07459\" (required)")
	date := fs.String("date", "", "the date the figures describe, YYYY-MM-DD (required)")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "give exactly one CSV file")
		fs.Usage()
		return errUsage
	}
	if err := requireFlags(fs, stderr, map[string]string{"source": strings.TrimSpace(*source), "date": *date}); err != nil {
		return err
	}
	asOf, err := time.Parse(time.DateOnly, *date)
	if err != nil {
		fmt.Fprintf(stderr, "--date %q is not a date like 2026-01-01\n", *date)
		return errUsage
	}
	path := fs.Arg(0)
	rows, _, err := readCounts(path)
	if err != nil {
		return err
	}
	_, st, _, err := open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := requireMigrated(ctx, st); err != nil {
		return err
	}
	m, err := pickMunicipality(ctx, st, *slug)
	if err != nil {
		return err
	}
	n, err := st.ImportPopulation(ctx, m.ID, asOf, strings.TrimSpace(*source), outreachcsv.PopulationRows(rows))
	var unknown *store.UnknownAreasError
	if errors.As(err, &unknown) {
		return fmt.Errorf("%s: nothing imported; %s has no %v", path, m.Name, unknown)
	}
	if err != nil {
		return err
	}
	total, err := st.PopulationTotal(ctx, m.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Imported %d cells for %s as of %s. Residents in the current data set: %d.\n", n, m.Name, *date, total)
	return nil
}
