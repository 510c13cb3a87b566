"""Apache Airflow DAG of the monthly run, for offices that schedule with Airflow (2.x, with the
apache-airflow-providers-apache-spark package). One SparkSubmitOperator per job of jobs/monthly,
so each step shows, retries and logs on its own: ingest, metrics, rollup, the two reports, maintain.
Copy to the DAGs folder and set the Airflow Variables edu_balance_jar, edu_balance_lakehouse and
edu_balance_deliveries (a directory holding one delivery per month, named YYYY-MM), and a Spark
connection (spark_default) to the cluster. A step that fails stops the ones after it; rerunning the
DAG run completes it (every job is idempotent and records its run in ops.runs).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "{{ var.value.edu_balance_jar }}"
LAKEHOUSE = "{{ var.value.edu_balance_lakehouse }}"
# The month just ended: the DAG runs on the 5th for the month before.
MONTH = "{{ (data_interval_start).strftime('%Y-%m') }}"
INBOX = "{{ var.value.edu_balance_deliveries }}/" + MONTH


def job(task_id, *arguments):
    """One jobs/ command through spark-submit: edubalance.jobs.Main <job> <arguments> --lakehouse ..."""
    return SparkSubmitOperator(
        task_id=task_id,
        application=JAR,
        java_class="edubalance.jobs.Main",
        application_args=list(arguments) + ["--lakehouse", LAKEHOUSE, "--quiet"],
        conf={"spark.executor.extraJavaOptions": "-XX:-DontCompileHugeMethods"},
        retries=1,
        retry_delay=timedelta(minutes=10),
    )


with DAG(
    dag_id="edu_balance_monthly",
    description="ingest the month's delivery, recompute gold, roll up, reports, maintain",
    schedule="30 2 5 * *",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["edu-balance"],
) as dag:
    ingest = job("ingest", "ingest", "--inbox", INBOX)
    metrics = job("metrics", "metrics")
    rollup = job("rollup", "rollup", "--month", MONTH)
    province_report = job("province_report", "report", "--month", MONTH, "--out", "{{ var.value.edu_balance_reports }}")
    maintain = job("maintain", "maintain")
    status = job("status", "status")
    ingest >> metrics >> rollup >> province_report >> maintain >> status
