"""The peer check of hsc quantize's SVM protocol: the same protocol written with scikit-learn (the
authors' tool) on the normalized analog input of sessions written by `hsc quantize --write-data`.

    build/bin/hsc quantize --seeds 1 --units 4 --classifier centroid --write-data /tmp/session.csv
    python3 studies/quantization/sklearn_analog.py /tmp/session_concentration.csv /tmp/session_saturation.csv

Per draw: 16 samples per class drawn with replacement, 8-fold inverted cross-validation (train on 2
per class); on each fold's test responses, GridSearchCV (MaxAbsScaler + SVC, C 1e-7..1e9, gamma
1e-8..1e10, stratified 4-fold) on one stratified half, then 4-fold cross-validation with train and
test flipped on the other. Prints the accuracy of each draw and their mean with a 95% CI, to set
beside the analog rows of `hsc quantize` (its draws differ: its random numbers are its own).
"""
import sys

import numpy as np
from scipy import stats
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MaxAbsScaler
from sklearn.svm import SVC

GRID = {"svc__C": 10.0 ** np.arange(-7, 10), "svc__gamma": 10.0 ** np.arange(-8, 11)}


def separability(features, labels, rng):
    """The paper's protocol on one draw; % correct averaged over the 8 folds."""
    per_class, pairs = 16, 8
    classes = np.unique(labels)
    drawn = np.concatenate([rng.choice(np.flatnonzero(labels == c), per_class, replace=True) for c in classes])
    x, y = features[drawn], labels[drawn]
    within = np.tile(np.arange(per_class), len(classes))
    scores = []
    for fold in range(pairs):
        test = within // 2 != fold
        first, second, y_first, y_second = train_test_split(
            x[test], y[test], test_size=0.5, stratify=y[test], random_state=int(rng.integers(1 << 30)))
        search = GridSearchCV(make_pipeline(MaxAbsScaler(), SVC()), GRID,
                              cv=StratifiedKFold(4, shuffle=True, random_state=int(rng.integers(1 << 30))))
        search.fit(first, y_first)
        flipped = StratifiedKFold(4, shuffle=True, random_state=int(rng.integers(1 << 30)))
        accuracy = []
        for rest, quarter in flipped.split(second, y_second):  # train on the quarter, test on the rest
            model = make_pipeline(MaxAbsScaler(), SVC()).set_params(**search.best_params_)
            model.fit(second[quarter], y_second[quarter])
            accuracy.append(np.mean(model.predict(second[rest]) == y_second[rest]))
        scores.append(np.mean(accuracy))
    return 100 * np.mean(scores)


def main(paths, draws=5):
    for path in paths:
        data = np.loadtxt(path, delimiter=",", skiprows=1)
        x, y = data[:, :-1], data[:, -1].astype(int)
        normalized = x / x.sum(axis=1, keepdims=True)
        result = [separability(normalized, y, np.random.default_rng(314 + k)) for k in range(draws)]
        ci = stats.t.ppf(0.975, draws - 1) * np.std(result, ddof=1) / np.sqrt(draws)
        print(f"{path}: analog accuracy {np.mean(result):.1f} ± {ci:.1f} % over {draws} draws "
              f"({', '.join(f'{r:.1f}' for r in result)})", flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
