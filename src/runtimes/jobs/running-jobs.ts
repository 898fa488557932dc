/**
 * The jobs running in this process, so that a stop asked for here (StopPipelineExecution's stop task, a Stop*Job
 * call) reaches the run at once. A stop asked for on another node reaches it through the store, which each run
 * polls.
 */
export class RunningJobs {
  private readonly controllers = new Map<string, AbortController>();

  /** Registers a run; `controller` is aborted when the job is asked to stop. */
  add(arn: string, controller: AbortController): void {
    this.controllers.set(arn, controller);
  }

  /** Forgets a run that ended. */
  delete(arn: string): void {
    this.controllers.delete(arn);
  }

  /** Aborts the run of a job if it runs here; answers whether it did. */
  abort(arn: string): boolean {
    const controller = this.controllers.get(arn);
    controller?.abort();
    return controller !== undefined;
  }

  /** How many jobs run here. */
  get size(): number {
    return this.controllers.size;
  }
}
