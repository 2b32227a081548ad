# A real exporter for the Prometheus scrape tests, written with Debian's python3-prometheus-client:
# the library answers OpenMetrics 1.0 when asked for it (Accept header), with # UNIT, _created
# series, escaped label values, NaN and # EOF, and gzips when asked to. Its counter runs at a
# known rate (100 per second since start), so a rate computed from two scrapes can be checked.
#   python3 openmetrics-exporter.py PORT
import sys
import time

from prometheus_client import Gauge, Histogram, start_http_server
from prometheus_client.core import REGISTRY, CounterMetricFamily

STARTED = time.time()


class SteadyCounter:
    def collect(self):
        family = CounterMetricFamily('plant_items', 'Items made, 100 a second', labels=['line'])
        family.add_metric(['north "A"\\1\nB'], 100 * (time.time() - STARTED))
        yield family


REGISTRY.register(SteadyCounter())
Gauge('plant_temperature_celsius', 'Oven temperature', unit='celsius').set(81.5)
Gauge('plant_broken_ratio', 'Never measured').set(float('nan'))
latency = Histogram('plant_latency_seconds', 'Latency', buckets=[0.1, 0.5])
latency.observe(0.3)
start_http_server(int(sys.argv[1]), addr='127.0.0.1')
print('ready', flush=True)
while True:
    time.sleep(3600)
