"""Pipeline executions through boto3 (api-spec §2.8-2.16, §6.2, §6.4, §6.13): parameters sent as strings the way
the SageMaker Python SDK sends them, Condition/Fail runs to Succeeded or Failed, step listings, effective
parameters, the definition snapshot of an execution, update/stop, and the errors botocore surfaces.

Usage: python3 test/clients/executions.py <endpoint_url>
"""

import json
import re
import uuid

from _sluice import (
    ROLE_ARN,
    Suite,
    assert_recent_datetime,
    dump,
    endpoint_from_argv,
    expect_error,
    message_of,
    parameters_of,
    pipeline_arn,
    read_shared_definition,
    sagemaker_client,
    steps_by_name,
    unique,
    wait_terminal,
)

sm = sagemaker_client(endpoint_from_argv())
suite = Suite('executions.py')

STEP_FAILURE = 'Step failure: One or multiple steps failed'
NOT_STOPPABLE = "Only pipelines with 'Executing' status can be stopped"
EXECUTION_ARN = re.compile(
    r'^arn:aws:sagemaker:us-east-1:000000000000:pipeline/(?P<name>[^/]+)/execution/[a-z0-9]{12}$'
)


def gate_definition(threshold_default):
    """Outer Condition on a Boolean parameter: If → an inner Condition, Else → a Fail step whose message joins
    two parameters. Pretty-printed on purpose, to check the definition text is kept byte for byte."""
    return json.dumps(
        {
            'Version': '2020-12-01',
            'Metadata': {},
            'Parameters': [
                {'Name': 'Flag', 'Type': 'Boolean', 'DefaultValue': False},
                {'Name': 'Threshold', 'Type': 'Integer', 'DefaultValue': threshold_default},
                {'Name': 'Label', 'Type': 'String', 'DefaultValue': 'none'},
                {'Name': 'Ratio', 'Type': 'Float', 'DefaultValue': 0.5},
            ],
            'PipelineExperimentConfig': None,
            'Steps': [
                {
                    'Name': 'Outer',
                    'Type': 'Condition',
                    'DisplayName': 'Is the gate open?',
                    'Arguments': {
                        'Conditions': [{'Type': 'Equals', 'LeftValue': {'Get': 'Parameters.Flag'}, 'RightValue': True}],
                        'IfSteps': [
                            {
                                'Name': 'Inner',
                                'Type': 'Condition',
                                'Arguments': {
                                    'Conditions': [
                                        {
                                            'Type': 'GreaterThanOrEqualTo',
                                            'LeftValue': {'Get': 'Parameters.Threshold'},
                                            'RightValue': 2,
                                        }
                                    ],
                                    'IfSteps': [],
                                    'ElseSteps': [],
                                },
                            }
                        ],
                        'ElseSteps': [
                            {
                                'Name': 'Halt',
                                'Type': 'Fail',
                                'Arguments': {
                                    'ErrorMessage': {
                                        'Std:Join': {
                                            'On': ' ',
                                            'Values': [
                                                'Gate closed for',
                                                {'Get': 'Parameters.Label'},
                                                'at threshold',
                                                {'Get': 'Parameters.Threshold'},
                                            ],
                                        }
                                    }
                                },
                            }
                        ],
                    },
                }
            ],
        },
        indent=2,
    )


GATE_V1 = gate_definition(3)
GATE_V2 = gate_definition(7)

state = {}


def params(**values):
    """PipelineParameters as the Python SDK sends them: every value str()-ed (so booleans are 'True'/'False')."""
    return [{'Name': k, 'Value': str(v)} for k, v in values.items()]


def gate():
    """The hand-made pipeline, created on first use."""
    if 'gate' not in state:
        name = unique('Gate')
        state['gate_arn'] = sm.create_pipeline(PipelineName=name, PipelineDefinition=GATE_V1, RoleArn=ROLE_ARN)[
            'PipelineArn'
        ]
        state['gate'] = name
    return state['gate']


def start(pipeline, **kwargs):
    arn = sm.start_pipeline_execution(PipelineName=pipeline, **kwargs)['PipelineExecutionArn']
    match = EXECUTION_ARN.match(arn)
    assert match and match['name'] == pipeline, f'execution ARN {arn} should be <pipeline ARN>/execution/<12 [a-z0-9]>'
    return arn


def gate_open_run():
    if 'open' not in state:
        state['open'] = start(
            gate(),
            PipelineParameters=params(Flag=True, Threshold=4, Label='alpha', Ratio=0.75),
            PipelineExecutionDisplayName='gate-open',
            PipelineExecutionDescription='Flag True takes the If branch',
        )
    return state['open']


def gate_closed_run():
    if 'closed' not in state:
        gate_open_run()  # started first, so the listing order is known
        wait_terminal(sm, state['open'])
        state['closed'] = start(gate(), PipelineParameters=params(Flag=False, Label='beta'))
    return state['closed']


@suite.section('a Boolean parameter sent as "True" takes the If branch and the execution Succeeds')
def gate_open():
    arn = gate_open_run()
    first = sm.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert first['PipelineExecutionStatus'] in ('Executing', 'Succeeded'), first['PipelineExecutionStatus']
    done = wait_terminal(sm, arn)
    assert done['PipelineExecutionStatus'] == 'Succeeded', dump(done)
    assert 'FailureReason' not in done, done.get('FailureReason')
    assert done['PipelineArn'] == state['gate_arn']
    assert done['PipelineExecutionArn'] == arn
    assert done['PipelineExecutionDisplayName'] == 'gate-open'
    assert done['PipelineExecutionDescription'] == 'Flag True takes the If branch'
    assert done['PipelineVersionId'] == 1
    assert 'PipelineExperimentConfig' not in done, 'the definition sets PipelineExperimentConfig to null'
    assert_recent_datetime(done['CreationTime'], 'DescribePipelineExecution.CreationTime')
    assert_recent_datetime(done['LastModifiedTime'], 'DescribePipelineExecution.LastModifiedTime')
    assert done['LastModifiedTime'] >= done['CreationTime']

    steps, by_name = steps_by_name(sm, arn)
    assert set(by_name) == {'Outer', 'Inner'}, f'Halt is in the branch not taken: {dump(steps)}'
    for step in steps:
        assert step['StepStatus'] == 'Succeeded', dump(step)
        assert step['Metadata'] == {'Condition': {'Outcome': 'True'}}, dump(step)
        assert step['AttemptCount'] == 1, dump(step)
        assert 'FailureReason' not in step, dump(step)
        assert_recent_datetime(step['StartTime'], f'{step["StepName"]}.StartTime')
        assert step['EndTime'] >= step['StartTime'], dump(step)
    assert by_name['Outer'].get('StepDisplayName') == 'Is the gate open?', dump(by_name['Outer'])
    assert steps[0]['StartTime'] >= steps[1]['StartTime'], 'newest StartTime first by default'
    ascending, _ = steps_by_name(sm, arn, SortOrder='Ascending')
    assert ascending[0]['StartTime'] <= ascending[1]['StartTime']
    assert [s['StepName'] for s in ascending] == [s['StepName'] for s in steps][::-1], 'Ascending reverses'

    assert parameters_of(sm, arn) == {'Flag': 'True', 'Threshold': '4', 'Label': 'alpha', 'Ratio': '0.75'}
    # Starting an execution moves the pipeline's LastRunTime and LastModifiedTime (api-spec §2.5, §2.8).
    pipeline = sm.describe_pipeline(PipelineName=gate())
    assert_recent_datetime(pipeline.get('LastRunTime'), 'DescribePipeline.LastRunTime after a run')
    assert pipeline['LastRunTime'] >= done['CreationTime'], dump(pipeline)
    assert pipeline['LastModifiedTime'] >= done['CreationTime'], dump(pipeline)


@suite.section('"False" takes the Else branch: the Fail step fails the execution with its resolved message')
def gate_closed():
    arn = gate_closed_run()
    done = wait_terminal(sm, arn)
    assert done['PipelineExecutionStatus'] == 'Failed', dump(done)
    assert done.get('FailureReason'), 'a Failed execution carries a FailureReason'
    assert re.fullmatch(r'execution-\d{13}', done['PipelineExecutionDisplayName']), done['PipelineExecutionDisplayName']

    steps, by_name = steps_by_name(sm, arn)
    assert set(by_name) == {'Outer', 'Halt'}, f'Inner is in the branch not taken: {dump(steps)}'
    assert by_name['Outer']['StepStatus'] == 'Succeeded'
    assert by_name['Outer']['Metadata'] == {'Condition': {'Outcome': 'False'}}, dump(by_name['Outer'])
    halt = by_name['Halt']
    expected = 'Gate closed for beta at threshold 3'
    assert halt['StepStatus'] == 'Failed', dump(halt)
    assert halt['FailureReason'] == expected, dump(halt)
    assert halt['Metadata'] == {'Fail': {'ErrorMessage': expected}}, dump(halt)
    assert steps[0]['StepName'] == 'Halt' or steps[0]['StartTime'] == steps[1]['StartTime'], 'newest first'

    # Parameters not passed take their definition defaults (Float 0.5 stays "0.5").
    assert parameters_of(sm, arn) == {'Flag': 'False', 'Threshold': '3', 'Label': 'beta', 'Ratio': '0.5'}


@suite.section('list_pipeline_executions: newest first, SortOrder, paginator, failure reason only when Failed')
def list_executions():
    opened, closed = gate_open_run(), gate_closed_run()
    wait_terminal(sm, closed)
    summaries = sm.list_pipeline_executions(PipelineName=gate())['PipelineExecutionSummaries']
    assert [s['PipelineExecutionArn'] for s in summaries] == [closed, opened], f'newest first: {dump(summaries)}'
    newest, oldest = summaries
    assert newest['PipelineExecutionStatus'] == 'Failed' and oldest['PipelineExecutionStatus'] == 'Succeeded'
    assert newest.get('PipelineExecutionFailureReason'), dump(newest)
    assert 'PipelineExecutionFailureReason' not in oldest, dump(oldest)
    assert oldest['PipelineExecutionDisplayName'] == 'gate-open'
    assert oldest['PipelineExecutionDescription'] == 'Flag True takes the If branch'
    for s in summaries:
        assert_recent_datetime(s['StartTime'], 'PipelineExecutionSummary.StartTime')
    assert newest['StartTime'] > oldest['StartTime']

    ascending = sm.list_pipeline_executions(PipelineName=state['gate_arn'], SortOrder='Ascending')
    assert [s['PipelineExecutionArn'] for s in ascending['PipelineExecutionSummaries']] == [opened, closed]
    pages = list(
        sm.get_paginator('list_pipeline_executions').paginate(PipelineName=gate(), PaginationConfig={'PageSize': 1})
    )
    assert [len(p['PipelineExecutionSummaries']) for p in pages] == [1, 1], [dump(p) for p in pages]
    assert [p['PipelineExecutionSummaries'][0]['PipelineExecutionArn'] for p in pages] == [closed, opened]


@suite.section('update_pipeline_execution changes display name and description')
def update_execution():
    arn = gate_open_run()
    before = wait_terminal(sm, arn)
    answer = sm.update_pipeline_execution(
        PipelineExecutionArn=arn, PipelineExecutionDisplayName='renamed-run', PipelineExecutionDescription='renamed'
    )
    assert answer['PipelineExecutionArn'] == arn, answer
    after = sm.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert after['PipelineExecutionDisplayName'] == 'renamed-run', after['PipelineExecutionDisplayName']
    assert after['PipelineExecutionDescription'] == 'renamed'
    assert after['PipelineExecutionStatus'] == 'Succeeded', 'renaming must not touch the status'
    assert after['LastModifiedTime'] >= before['LastModifiedTime']
    summaries = sm.list_pipeline_executions(PipelineName=gate())['PipelineExecutionSummaries']
    listed = {s['PipelineExecutionArn']: s for s in summaries}
    assert listed[arn]['PipelineExecutionDisplayName'] == 'renamed-run', dump(listed[arn])


@suite.section('describe_pipeline_definition_for_execution keeps the definition an execution started with')
def definition_snapshot():
    first = gate_open_run()
    wait_terminal(sm, first)
    updated = sm.update_pipeline(PipelineName=gate(), PipelineDefinition=GATE_V2)
    assert updated['PipelineVersionId'] == 2, updated

    snapshot = sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=first)
    assert snapshot['PipelineDefinition'] == GATE_V1, 'an execution keeps the definition it started with'
    assert_recent_datetime(snapshot['CreationTime'], 'DescribePipelineDefinitionForExecution.CreationTime')

    latest = start(gate(), PipelineParameters=params(Flag=False, Label='gamma'))
    done = wait_terminal(sm, latest)
    assert done['PipelineVersionId'] == 2, done
    assert sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=latest)['PipelineDefinition'] == GATE_V2
    _, by_name = steps_by_name(sm, latest)
    assert by_name['Halt']['FailureReason'] == 'Gate closed for gamma at threshold 7', dump(by_name['Halt'])
    assert parameters_of(sm, latest)['Threshold'] == '7', 'the default comes from version 2'

    pinned = start(gate(), PipelineVersionId=1, PipelineParameters=params(Flag=False, Label='delta'))
    done = wait_terminal(sm, pinned)
    assert done['PipelineVersionId'] == 1, done
    assert sm.describe_pipeline_definition_for_execution(PipelineExecutionArn=pinned)['PipelineDefinition'] == GATE_V1
    _, by_name = steps_by_name(sm, pinned)
    assert by_name['Halt']['FailureReason'] == 'Gate closed for delta at threshold 3', dump(by_name['Halt'])
    expect_error(sm.start_pipeline_execution, 'ResourceNotFound', PipelineName=gate(), PipelineVersionId=99)
    summaries = sm.list_pipeline_versions(PipelineName=gate())['PipelineVersionSummaries']
    versions = {v['PipelineVersionId']: v for v in summaries}
    assert versions[1].get('LastExecutionPipelineExecutionArn') == pinned, dump(versions[1])
    assert versions[2].get('LastExecutionPipelineExecutionArn') == latest, dump(versions[2])


@suite.section("stop_pipeline_execution on a finished execution is refused with ValidationException")
def stop_finished():
    arn = gate_open_run()
    status = wait_terminal(sm, arn)['PipelineExecutionStatus']
    error = expect_error(sm.stop_pipeline_execution, 'ValidationException', PipelineExecutionArn=arn)
    assert NOT_STOPPABLE in message_of(error), message_of(error)
    after = sm.describe_pipeline_execution(PipelineExecutionArn=arn)
    assert after['PipelineExecutionStatus'] == status, f'a refused stop changed the status to {after}'


@suite.section('parameter errors: unknown name, wrong types, empty value → ValidationException, nothing started')
def parameter_errors():
    name = gate()
    before = len(sm.list_pipeline_executions(PipelineName=name, MaxResults=100)['PipelineExecutionSummaries'])
    cases = [
        ([{'Name': 'Nope', 'Value': '1'}], 'Nope'),
        (params(Threshold='three'), 'Threshold'),
        (params(Threshold='2.5'), 'Threshold'),
        (params(Flag='maybe'), 'Flag'),
        (params(Ratio='abc'), 'Ratio'),
        ([{'Name': 'Label', 'Value': ''}], 'Label'),
    ]
    for parameters, word in cases:
        error = expect_error(
            sm.start_pipeline_execution, 'ValidationException', PipelineName=name, PipelineParameters=parameters
        )
        assert word in message_of(error), f'{parameters}: the message should name {word!r}: {message_of(error)}'
    after = len(sm.list_pipeline_executions(PipelineName=name, MaxResults=100)['PipelineExecutionSummaries'])
    assert after == before, f'refused starts must not create executions ({before} → {after})'


@suite.section('unknown execution ARNs and pipelines → ResourceNotFound')
def not_found():
    ghost = f'{pipeline_arn(gate())}/execution/zzzzzzzzzzzz'
    try:
        sm.describe_pipeline_execution(PipelineExecutionArn=ghost)
        raise AssertionError('describe_pipeline_execution of an unknown ARN succeeded')
    except sm.exceptions.ResourceNotFound as error:
        assert message_of(error).endswith('does not exist'), f'ACK needs the suffix "does not exist": {error}'
    for call, extra in [
        (sm.list_pipeline_execution_steps, {}),
        (sm.list_pipeline_parameters_for_execution, {}),
        (sm.describe_pipeline_definition_for_execution, {}),
        (sm.update_pipeline_execution, {'PipelineExecutionDescription': 'x'}),
        (sm.stop_pipeline_execution, {}),
    ]:
        expect_error(call, 'ResourceNotFound', PipelineExecutionArn=ghost, **extra)
    expect_error(sm.start_pipeline_execution, 'ResourceNotFound', PipelineName=unique('missing'))
    expect_error(sm.list_pipeline_executions, 'ResourceNotFound', PipelineName=unique('missing'))
    # The model leaves PipelineExecutionArn optional on ListPipelineExecutionSteps (api-spec §2.14).
    expect_error(sm.list_pipeline_execution_steps, 'ValidationException')


@suite.section('start_pipeline_execution replays the same ClientRequestToken')
def idempotent_start():
    token = f'boto3-start-{uuid.uuid4()}'  # 32..128 characters, unique per run
    first = start(gate(), ClientRequestToken=token, PipelineParameters=params(Flag=True))
    again = start(gate(), ClientRequestToken=token, PipelineParameters=params(Flag=True))
    assert again == first, f'same token, same execution: {first} vs {again}'
    wait_terminal(sm, first)


def shared_fail_message(definition, outcome):
    """The Fail step's ErrorMessage of sdk-fail-join-outcome.json, resolved for a Condition outcome: the Join of
    its literal prefix and the outcome, which a Join renders in lower case (api-spec §6.2)."""
    (fail,) = [s for s in json.loads(definition)['Steps'] if s['Type'] == 'Fail']
    join = fail['Arguments']['ErrorMessage']['Std:Join']
    prefix, outcome_ref = join['Values']
    assert outcome_ref == {'Get': 'Steps.CondStep.Outcome'}, outcome_ref
    return f'{prefix}{join["On"]}{str(outcome).lower()}'


@suite.section('shared sdk-fail-join-outcome.json runs to Failed with the Join-resolved Fail message')
def shared_fail_join():
    definition = read_shared_definition('sdk-fail-join-outcome.json')
    name = unique('SdkFailJoinOutcome')
    sm.create_pipeline(PipelineName=name, PipelineDefinition=definition, RoleArn=ROLE_ARN)
    for parameters, outcome in [([], False), (params(MyInt=1), True)]:
        arn = start(name, PipelineParameters=parameters)
        state.setdefault('fail_join', arn)
        done = wait_terminal(sm, arn)
        expected = shared_fail_message(definition, outcome)
        assert done['PipelineExecutionStatus'] == 'Failed', dump(done)
        # The SDK's default PipelineExperimentConfig resolves to the lower-cased name and the execution id.
        assert done['PipelineExperimentConfig'] == {
            'ExperimentName': name.lower(),
            'TrialName': arn.rsplit('/', 1)[1],
        }, dump(done)
        steps, by_name = steps_by_name(sm, arn)
        assert len(steps) == 2 and set(by_name) == {'CondStep', 'FailStep'}, dump(steps)
        assert by_name['CondStep']['StepStatus'] == 'Succeeded'
        assert by_name['CondStep']['Metadata'] == {'Condition': {'Outcome': str(outcome)}}, dump(by_name['CondStep'])
        fail = by_name['FailStep']
        assert fail['StepStatus'] == 'Failed', dump(fail)
        assert fail['FailureReason'] == expected, f'FailStep.FailureReason {fail["FailureReason"]!r} != {expected!r}'
        assert fail['Metadata'] == {'Fail': {'ErrorMessage': expected}}, dump(fail)
        assert parameters_of(sm, arn) == {'MyInt': '1' if outcome else '2'}


@suite.section("a Failed execution's FailureReason starts with AWS's generic step-failure text (api-spec §2.11, §6.2)")
def generic_failure_reason():
    # AWS's integ tests (test_fail_steps.py) assert the generic text is in it for Fail-step pipelines; Sluice adds
    # the Fail step's resolved message after it. The step keeps its own message.
    for key in ('closed', 'fail_join'):
        arn = state.get(key) or (gate_closed_run() if key == 'closed' else None)
        assert arn, f'no {key} execution to look at (an earlier section failed)'
        done = wait_terminal(sm, arn)
        reason = done.get('FailureReason')
        assert reason.startswith(f'{STEP_FAILURE}. '), f'DescribePipelineExecution.FailureReason: {reason!r}'
        (summary,) = [
            s
            for s in sm.list_pipeline_executions(PipelineName=done['PipelineArn'], MaxResults=100)[
                'PipelineExecutionSummaries'
            ]
            if s['PipelineExecutionArn'] == arn
        ]
        reason = summary.get('PipelineExecutionFailureReason', '')
        assert STEP_FAILURE in reason, f'PipelineExecutionFailureReason: {reason!r}'


suite.run()
