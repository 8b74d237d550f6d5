# Golden fixtures for outreach/weights.go, computed with R's survey package.
#
# Regenerate (from the repository root):
#
#   apt-get install -y r-base-core r-cran-survey   # Debian packages
#   Rscript scripts/golden.R
#
# R is needed only to regenerate; the fixtures under outreach/testdata/golden/
# are committed and outreach/golden_test.go compares Go's results with them to
# 1e-9 relative.
#
# Each data set gets its own folder with
#   population.csv        area,age_band,gender,count   (gender empty when absent)
#   respondents.csv       id,area,age_band,gender,answer (answer 0/1)
#   expected_weights.csv  id,weight                      (mean 1, input order)
#   expected_summary.csv  one row: method,n,iterations,trim_rounds,n_eff,deff,
#                         share,se,lo,hi,raw_share,raw_lo,raw_hi
#
# The procedure is the one documented on outreach.Weight, with the default
# options (trim to [0.2, 5] x mean, margins within 1e-6 relative, at most 100
# iterations):
#   - post-stratification (survey::postStratify on area x age band x gender)
#     when every cell with residents has respondents and no respondent is in a
#     cell without residents, then, if some weight is outside
#     [0.2*m*(1-tol), 5*m*(1+tol)] (m the mean weight), one
#     survey::trimWeights(lower = 0.2*m, upper = 5*m, strict = TRUE) (see
#     trim below);
#   - otherwise raking from weights 1: survey::rake called with maxit = 1 does
#     exactly one sweep (postStratify on area, then age band, then gender);
#     sweeps repeat until every margin with residents is within tol relative
#     (checked after each sweep), at most 100; then, while some weight is
#     outside [0.2*m*(1-tol), 5*m*(1+tol)]: survey::trimWeights(lower = 0.2*m,
#     upper = 5*m, strict = TRUE) followed by the same raking, at most 100
#     rounds.
# share is coef(svymean(~answer)); n_eff = (sum w)^2 / sum w^2, deff = n/n_eff,
# se = sqrt(share*(1-share)/n_eff), [lo, hi] = share -/+ 1.96*se clamped to
# [0, 1]; raw_* are the same with weights 1 and n.

suppressPackageStartupMessages(library(survey))

RNGkind("Mersenne-Twister", "Inversion", "Rejection")
set.seed(20251123)

tol <- 1e-6
maxit <- 100
trim_low <- 0.2
trim_high <- 5

out_root <- file.path("outreach", "testdata", "golden")

areas <- c("Sentrum", "Nord", "S\u00f8r", "\u00d8st", "Vest")
ages <- c("16-19", "20-29", "30-44", "45-66", "67-79", "80+")
genders <- c("kvinne", "mann")

fmt17 <- function(x) sprintf("%.17g", x)

# Population: residents per cell, roughly shaped like a municipality.
make_population <- function(areas, ages, genders) {
  if (length(genders) == 0) {
    pop <- expand.grid(gender = "", age_band = ages, area = areas,
                       stringsAsFactors = FALSE)
  } else {
    pop <- expand.grid(gender = genders, age_band = ages, area = areas,
                       stringsAsFactors = FALSE)
  }
  pop <- pop[, c("area", "age_band", "gender")]
  size <- c("16-19" = 250, "20-29" = 700, "30-44" = 900, "45-66" = 1100,
            "67-79" = 500, "80+" = 200)
  pop$count <- as.integer(round(size[pop$age_band] * runif(nrow(pop), 0.5, 1.5)))
  rownames(pop) <- NULL
  pop
}

# Respondents: binomial draws per cell with the given response rate per row
# of pop, shuffled, with a 0/1 answer whose probability depends on age.
make_respondents <- function(pop, rate) {
  n <- rbinom(nrow(pop), pop$count, pmin(1, rate))
  rows <- rep(seq_len(nrow(pop)), n)
  resp <- pop[rows, c("area", "age_band", "gender")]
  resp <- resp[sample.int(nrow(resp)), ]
  yes <- c("16-19" = 0.7, "20-29" = 0.6, "30-44" = 0.5, "45-66" = 0.45,
           "67-79" = 0.35, "80+" = 0.3)
  resp$answer <- as.integer(runif(nrow(resp)) < yes[resp$age_band])
  resp$id <- sprintf("r%05d", seq_len(nrow(resp)))
  rownames(resp) <- NULL
  resp[, c("id", "area", "age_band", "gender", "answer")]
}

base_rate <- function(pop) {
  age_rate <- c("16-19" = 0.02, "20-29" = 0.03, "30-44" = 0.05,
                "45-66" = 0.07, "67-79" = 0.08, "80+" = 0.04)
  area_rate <- setNames(seq(0.7, 1.3, length.out = length(areas)), areas)
  age_rate[pop$age_band] * area_rate[pop$area]
}

has_gender <- function(pop) any(pop$gender != "")

margin_vars <- function(pop) {
  if (has_gender(pop)) c("area", "age_band", "gender") else c("area", "age_band")
}

margins_within <- function(des, pop, vars) {
  w <- weights(des)
  for (v in vars) {
    target <- tapply(pop$count, pop[[v]], sum)
    got <- tapply(w, des$variables[[v]], sum)
    got <- got[names(target)]
    got[is.na(got)] <- 0
    keep <- target > 0
    if (any(abs(got[keep] - target[keep]) > tol * target[keep])) return(FALSE)
  }
  TRUE
}

within_bounds <- function(des) {
  w <- weights(des)
  m <- mean(w)
  all(w >= trim_low * m * (1 - tol) & w <= trim_high * m * (1 + tol))
}

# survey::trimWeights(strict = TRUE) calls itself until no weight is outside
# the bounds; as the weights are kept as 1/prob, a weight set to a bound can
# come back one rounding error outside it, and the recursion then need not
# end. The same passes are run here as a loop that stops when no weight is
# outside the bounds by more than 1e-12 relative (which changes the weights
# by rounding errors only).
trim <- function(des) {
  m <- mean(weights(des))
  lower <- trim_low * m
  upper <- trim_high * m
  for (pass in 1:10000) {
    w <- weights(des)
    if (!any(w < lower * (1 - 1e-12) | w > upper * (1 + 1e-12))) return(des)
    des <- trimWeights(des, lower = lower, upper = upper, strict = FALSE)
  }
  stop("trimming did not settle")
}

# Rake sweep by sweep until every margin is within tol.
rake_to_tol <- function(des, pop, vars) {
  sample_margins <- lapply(vars, function(v) as.formula(paste("~", v)))
  population_margins <- lapply(vars, function(v) {
    m <- aggregate(pop$count, by = setNames(list(pop[[v]]), v), FUN = sum)
    names(m)[2] <- "Freq"
    m
  })
  for (it in seq_len(maxit)) {
    des <- suppressWarnings(rake(des, sample_margins, population_margins,
                                 control = list(maxit = 1, epsilon = 1e-300,
                                                verbose = FALSE)))
    if (margins_within(des, pop, vars)) return(list(des = des, iterations = it))
  }
  stop("raking did not converge")
}

weight <- function(pop, resp) {
  vars <- margin_vars(pop)
  des <- svydesign(ids = ~1, data = resp, weights = rep(1, nrow(resp)))
  key_pop <- do.call(paste, c(pop[vars], sep = "\r"))
  key_resp <- do.call(paste, c(resp[vars], sep = "\r"))
  populated <- key_pop[pop$count > 0]
  post_strat <- all(populated %in% key_resp) && all(key_resp %in% populated)
  iterations <- 0
  rounds <- 0
  if (post_strat) {
    method <- "post-stratification"
    cells <- pop[pop$count > 0, vars]
    cells$Freq <- pop$count[pop$count > 0]
    des <- postStratify(des, as.formula(paste("~", paste(vars, collapse = "+"))),
                        cells)
    if (!within_bounds(des)) {
      des <- trim(des)
      rounds <- 1
    }
  } else {
    method <- "raking"
    r <- rake_to_tol(des, pop, vars)
    des <- r$des
    iterations <- r$iterations
    while (!within_bounds(des)) {
      if (rounds == maxit) stop("trimmed raking did not settle")
      des <- trim(des)
      rounds <- rounds + 1
      r <- rake_to_tol(des, pop, vars)
      des <- r$des
      iterations <- iterations + r$iterations
    }
  }
  list(des = des, method = method, iterations = iterations, rounds = rounds)
}

interval <- function(p, n) {
  se <- sqrt(p * (1 - p) / n)
  c(se = se, lo = max(0, p - 1.96 * se), hi = min(1, p + 1.96 * se))
}

write_dataset <- function(name, pop, resp, expect_method, expect_trim) {
  r <- weight(pop, resp)
  if (r$method != expect_method) stop(name, ": method ", r$method)
  if ((r$rounds > 0) != expect_trim) stop(name, ": trim rounds ", r$rounds)
  des <- r$des
  w <- weights(des)
  w <- w / mean(w)
  n <- nrow(resp)
  n_eff <- sum(w)^2 / sum(w^2)
  if (n_eff < 30) stop(name, ": n_eff ", n_eff)
  share <- unname(coef(svymean(~answer, des)))
  ci <- interval(share, n_eff)
  raw <- mean(resp$answer)
  raw_ci <- interval(raw, n)

  dir <- file.path(out_root, name)
  dir.create(dir, recursive = TRUE, showWarnings = FALSE)
  csv <- function(df, file) {
    write.csv(df, file.path(dir, file), row.names = FALSE, quote = FALSE,
              fileEncoding = "UTF-8")
  }
  csv(pop, "population.csv")
  csv(resp, "respondents.csv")
  csv(data.frame(id = resp$id, weight = fmt17(w)), "expected_weights.csv")
  csv(data.frame(method = r$method, n = n, iterations = r$iterations,
                 trim_rounds = r$rounds, n_eff = fmt17(n_eff),
                 deff = fmt17(n / n_eff), share = fmt17(share),
                 se = fmt17(ci[["se"]]), lo = fmt17(ci[["lo"]]),
                 hi = fmt17(ci[["hi"]]), raw_share = fmt17(raw),
                 raw_lo = fmt17(raw_ci[["lo"]]), raw_hi = fmt17(raw_ci[["hi"]])),
      "expected_summary.csv")
  cat(sprintf("%-20s %-20s n=%5d iterations=%3d trim_rounds=%2d n_eff=%.1f share=%.4f\n",
              name, r$method, n, r$iterations, r$rounds, n_eff, share))
}

# 1. Every cell has respondents: post-stratification, no trimming needed.
pop <- make_population(areas, ages, genders)
resp <- make_respondents(pop, base_rate(pop))
write_dataset("poststratify", pop, resp, "post-stratification", FALSE)

# 2. Some cells without respondents, and respondents in a cell the
#    statistics list with no residents: raking, no trimming needed.
pop <- make_population(areas, ages, genders)
pop$count[pop$area == "Vest" & pop$age_band == "80+" & pop$gender == "mann"] <- 0L
rate <- base_rate(pop)
empty <- (pop$area == "Nord" & pop$age_band == "16-19") |
  (pop$area == "\u00d8st" & pop$age_band == "80+" & pop$gender == "kvinne")
rate[empty] <- 0
resp <- make_respondents(pop, rate)
extra <- data.frame(id = c("x001", "x002"), area = "Vest", age_band = "80+",
                    gender = "mann", answer = c(1L, 0L))
resp <- rbind(resp, extra)
write_dataset("rake", pop, resp, "raking", FALSE)

# 3. Raking gives a few very large weights (one area's young and old answer
#    rarely) that trimmed raking brings within [0.2, 5] x mean.
pop <- make_population(areas, ages, genders)
rate <- base_rate(pop) * 1.5
rate[pop$area == "Nord" & pop$age_band %in% c("16-19", "80+")] <- 0.0025
rate[pop$area == "Sentrum" & pop$age_band == "30-44" & pop$gender == "mann"] <- 0
resp <- make_respondents(pop, rate)
write_dataset("trimmed_rake", pop, resp, "raking", TRUE)

# 4. Every cell has respondents but a few cells very few: post-stratification
#    with trimWeights.
pop <- make_population(areas, ages, genders)
rate <- base_rate(pop) * 1.5
rate[pop$area == "Vest" & pop$age_band == "16-19"] <- 0.002
resp <- make_respondents(pop, rate)
missing <- setdiff(do.call(paste, pop[, 1:3]), do.call(paste, resp[, 2:4]))
if (length(missing) > 0) {
  add <- pop[do.call(paste, pop[, 1:3]) %in% missing, c("area", "age_band", "gender")]
  add$answer <- 1L
  add$id <- sprintf("y%03d", seq_len(nrow(add)))
  resp <- rbind(resp, add[, names(resp)])
}
write_dataset("poststratify_trim", pop, resp, "post-stratification", TRUE)

# 5. No gender in the statistics; some cells empty: raking on area and age
#    band.
pop <- make_population(areas[1:4], ages, character(0))
rate <- base_rate(pop)
rate[pop$area == "S\u00f8r" & pop$age_band == "67-79"] <- 0
resp <- make_respondents(pop, rate)
write_dataset("rake_nogender", pop, resp, "raking", FALSE)
