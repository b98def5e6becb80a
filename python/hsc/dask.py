"""Coding a data set on a Dask cluster: every task runs ``hsc encode-dataset``'s own job on one part
of the shards, so the folder holds, byte for byte, what one ``hsc encode-dataset`` run writes.

    from distributed import Client
    client = Client("tcp://scheduler:8786")      # or LocalCluster(n_workers=2, processes=True)
    hsc.dask.encode_dataset("images/", bank, "shared/codes/", client=client, solver="mp", max_atoms=500)

The workers need this package importable (same PYTHONPATH or install) and ``images`` and ``out``
at the same paths (a shared file system). Nothing is scheduled by hsc itself: Dask places the tasks.
"""

from . import datasets


def _part(images, bank, out, part, parts, kwargs):
    return datasets.encode_dataset(images, bank, out, shard=(part, parts), progress=False, **kwargs)


def encode_dataset(images, bank, out, client=None, *, parts=None, workers_per_task=1, **kwargs):
    """Maps ``parts`` parts of the shards (default: the cluster's worker count) to the cluster and
    waits; returns the parts' summaries. ``kwargs`` as hsc.datasets.encode_dataset (solver,
    options, shard_size, ...). ``client`` defaults to the current Dask client."""
    import distributed

    if client is None:
        client = distributed.get_client()
    if parts is None:
        parts = max(1, len(client.scheduler_info()["workers"]))
    if "shard" in kwargs or "workers" in kwargs:
        raise ValueError("shard and workers are chosen per task: give parts= and workers_per_task=")
    kwargs = dict(kwargs, workers=int(workers_per_task))
    images = datasets._inputs(images)
    # The listing fails here, before any task, if the images cannot be found.
    datasets.list_images(images)
    futures = [client.submit(_part, images, bank, out, part, parts, kwargs, pure=False) for part in range(parts)]
    return client.gather(futures)
