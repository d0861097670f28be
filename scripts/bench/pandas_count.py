"""The analyst's alternative: pandas read_csv of the whole export, then failed rows counted by
status text. Prints the number of rows and of distinct failure texts; peak RSS on stderr."""
import resource
import sys

import pandas as pd

path, encoding = sys.argv[1], sys.argv[2]
df = pd.read_csv(path, encoding=encoding, usecols=["event_id", "recipient_status"], dtype=str, keep_default_na=False)
failed = df[df["event_id"] == "FAIL"]
counts = failed["recipient_status"].value_counts()
print(f"rows={len(df)} failedRows={len(failed)} distinctTexts={len(counts)}")
print(f"peakRssKiB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
